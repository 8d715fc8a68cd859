namespace Tixallo.Samples.Quickstart;

/// <summary>Writes the tour: numbered steps, what happened under each, and a tally of steps that behaved as narrated.</summary>
internal sealed class Narrator(TextWriter output)
{
    private int _step;

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    public void Title(string text)
    {
        output.WriteLine(text);
        output.WriteLine(new string('=', text.Length));
    }

    public void Line(string text = "") => output.WriteLine(text);

    public void Step(string title)
    {
        output.WriteLine();
        output.WriteLine($"{++_step}. {title}");
    }

    public void Detail(string text) => output.WriteLine($"   {text}");

    public void Ok(string text)
    {
        Passed++;
        output.WriteLine($"   [ok] {text}");
    }

    public void Fail(string text)
    {
        Failed++;
        output.WriteLine($"   [FAILED] {text}");
    }

    public void Skip(string text)
    {
        Skipped++;
        output.WriteLine($"   [skipped] {text}");
    }

    public void Check(bool behaved, string ok, string failed)
    {
        if (behaved)
        {
            Ok(ok);
        }
        else
        {
            Fail(failed);
        }
    }
}
