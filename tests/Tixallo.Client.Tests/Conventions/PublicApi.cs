using System.Reflection;
using System.Text;

namespace Tixallo.Client.Tests.Conventions;

/// <summary>Writes an assembly's exported surface as sorted text, one line per type and member.</summary>
internal static class PublicApi
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.AppendLine(TypeHeader(type));
            foreach (var member in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("  ").AppendLine(member);
            }
        }

        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string TypeHeader(Type type)
    {
        var kind = type.IsInterface ? "interface"
            : type.IsEnum ? "enum"
            : type.IsValueType ? "struct"
            : type.GetMethod("<Clone>$") is not null ? "record"
            : "class";
        var modifiers = type is { IsAbstract: true, IsSealed: true } ? "static "
            : type.IsAbstract && !type.IsInterface ? "abstract "
            : type.IsSealed && !type.IsValueType ? "sealed "
            : string.Empty;
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => !i.Name.StartsWith("IEquatable", StringComparison.Ordinal)).Select(i => Name(i)).Order(StringComparer.Ordinal));
        return $"public {modifiers}{kind} {type.FullName}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(flags))
        {
            if (member.Name.StartsWith('<') || !IsVisible(member))
            {
                continue;
            }

            switch (member)
            {
                case FieldInfo field when type.IsEnum:
                    if (field.IsStatic)
                    {
                        yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
                    }

                    break;
                case FieldInfo field:
                    yield return $"{(field.IsLiteral ? "const" : field.IsStatic ? "static readonly" : "field")} {Name(field.FieldType)} {field.Name}";
                    break;
                case PropertyInfo property:
                    var accessors = (property.GetMethod is { } get && IsVisible(get) ? " get;" : string.Empty)
                        + (property.SetMethod is { } set && IsVisible(set)
                            ? set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? " init;" : " set;"
                            : string.Empty);
                    var isStatic = (property.GetMethod ?? property.SetMethod)!.IsStatic ? "static " : string.Empty;
                    yield return $"property {isStatic}{Name(property.PropertyType, Nullability.Create(property))} {property.Name} {{{accessors} }}";
                    break;
                case ConstructorInfo constructor:
                    yield return $"{Access(constructor)}ctor({Parameters(constructor)})";
                    break;
                case MethodInfo method when !method.IsSpecialName:
                    var modifiers = (method.IsStatic ? "static " : string.Empty) + (method.IsAbstract && !type.IsInterface ? "abstract " : method.IsVirtual && !method.IsFinal && !type.IsInterface ? "virtual " : string.Empty);
                    yield return $"{Access(method)}method {modifiers}{Name(method.ReturnType, Nullability.Create(method.ReturnParameter))} {method.Name}({Parameters(method)})";
                    break;
            }
        }
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => new[] { property.GetMethod, property.SetMethod }.Any(m => m is not null && IsVisible(m)),
        _ => false,
    };

    private static string Access(MethodBase method) => method.IsPublic ? string.Empty : "protected ";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{Name(p.ParameterType, Nullability.Create(p))} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "default") : string.Empty)}"));

    private static string Name(Type type, NullabilityInfo? nullability = null)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var nullable = nullability is { ReadState: NullabilityState.Nullable } && !type.IsValueType ? "?" : string.Empty;
        if (!type.IsGenericType)
        {
            return (type.Namespace is "System" or "System.Threading" or "System.Threading.Tasks" or "System.Collections.Generic" or "Tixallo.Client" ? type.Name : type.FullName ?? type.Name) + nullable;
        }

        var arguments = type.GetGenericArguments().Select((argument, i) => Name(argument, nullability?.GenericTypeArguments.ElementAtOrDefault(i)));
        return $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", arguments)}>{nullable}";
    }
}
