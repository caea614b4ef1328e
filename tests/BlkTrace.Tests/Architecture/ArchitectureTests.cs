using System.Reflection;
using System.Xml.Linq;
using BlkTrace.Tests.Support;

namespace BlkTrace.Tests.Architecture;

/// <summary>The dependency table of design.md §2, enforced on the project files and on the compiled assemblies.</summary>
public class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> AllowedProjects = new()
    {
        ["Protocol"] = [],
        ["Trace"] = ["Protocol"],
        ["Backend"] = ["Protocol", "Trace"],
        ["Frontend"] = ["Protocol"],
        ["Replay"] = ["Protocol", "Trace", "Frontend", "Backend"],
        ["Analysis"] = ["Trace", "Protocol"],
        ["Interop"] = ["Trace", "Protocol"],
        ["Charts"] = ["Analysis", "Trace", "Protocol"],
    };

    // Executables: they may print, so they are not among the libraries above.
    private static readonly Dictionary<string, string[]> AllowedProgramProjects = new()
    {
        ["Dom0"] = ["Protocol", "Trace", "Backend", "Frontend", "Replay"],
    };

    // Packages that only one part may use.
    private static readonly Dictionary<string, string[]> ExclusivePackages = new()
    {
        ["Parquet.Net"] = ["Trace"],
        ["ScottPlot"] = ["Charts"],
        ["Microsoft.Diagnostics.Tracing.TraceEvent"] = ["Interop"],
        ["Microsoft.Diagnostics.NETCore.Client"] = ["Interop"],
        ["System.CommandLine"] = ["Cli", "Dom0"],
        ["Spectre.Console"] = ["Cli"],
    };

    public static TheoryData<string> Parts => [.. AllowedProjects.Keys];

    public static TheoryData<string> Programs => [.. AllowedProgramProjects.Keys];

    [Theory]
    [MemberData(nameof(Parts))]
    public void ProjectReferences_EachPart_FollowDesignTable(string part)
    {
        var project = LoadProject(part);
        var referenced = project.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!))
            .Select(n => n.Replace("BlkTrace.", string.Empty, StringComparison.Ordinal))
            .ToList();
        var extra = referenced.Except(AllowedProjects[part]).ToList();
        Assert.True(extra.Count == 0, $"BlkTrace.{part} may not reference {string.Join(", ", extra)}");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ProjectReferences_EachProgram_FollowDesignTable(string program)
    {
        var referenced = LoadProject(program).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!))
            .Select(n => n.Replace("BlkTrace.", string.Empty, StringComparison.Ordinal))
            .ToList();
        var extra = referenced.Except(AllowedProgramProjects[program]).ToList();
        Assert.True(extra.Count == 0, $"BlkTrace.{program} may not reference {string.Join(", ", extra)}");
    }

    [Fact]
    public void Packages_ExclusiveOnes_OnlyInTheirPart()
    {
        foreach (string dir in Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "src")))
        {
            string part = Path.GetFileName(dir).Replace("BlkTrace.", string.Empty, StringComparison.Ordinal);
            var packages = LoadProject(part).Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!);
            foreach (string package in packages)
            {
                if (ExclusivePackages.TryGetValue(package, out string[]? owners))
                {
                    Assert.True(owners.Contains(part), $"{package} belongs in BlkTrace.{string.Join(" or BlkTrace.", owners)}, not BlkTrace.{part}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Libraries_NeverUseTheConsole(string part)
    {
        var assembly = Assembly.Load("BlkTrace." + part);
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("System.Console", references);
        Assert.DoesNotContain("Spectre.Console", references);
    }

    [Fact]
    public void UnsafeCode_OnlyInProtocol()
    {
        foreach (string dir in Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "src")))
        {
            string part = Path.GetFileName(dir).Replace("BlkTrace.", string.Empty, StringComparison.Ordinal);
            bool allows = LoadProject(part).Descendants("AllowUnsafeBlocks").Any(e => e.Value.Trim() == "true");
            Assert.True(!allows || part == "Protocol", $"BlkTrace.{part} allows unsafe code; only Protocol maps memory");
        }
    }

    private static XDocument LoadProject(string part) =>
        XDocument.Load(Path.Combine(TestPaths.RepoRoot, "src", "BlkTrace." + part, $"BlkTrace.{part}.csproj"));
}
