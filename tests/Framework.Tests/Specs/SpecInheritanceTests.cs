using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SpecInheritanceTests
{
    [Test]
    public void Base_DeepMerges_ChildWins()
    {
        using var files = new SpecFiles();
        files.Write("base.yaml", """
            name: base
            seed: 3
            model: { latent: 20, encoder: { mlp: [100], activation: relu } }
            objective: { kind: iwae, k: 5 }
            """);
        var child = files.Write("child.yaml", """
            base: base.yaml
            model: { encoder: { mlp: [300, 300] } }
            objective: { k: 50 }
            """);

        var spec = SpecLoader.Load(child);

        Assert.That(spec.Name, Is.EqualTo("child"), "a spec without a name is named after its own file");
        Assert.That(spec.Seed, Is.EqualTo(3));
        Assert.That(spec.Model.Latent, Is.EqualTo(20));
        Assert.That(spec.Model.Encoder, Is.EqualTo(new NetworkSpec([300, 300], new ComponentSpec("relu"), [])));
        Assert.That((spec.Objective.Kind.Name, spec.Objective.K), Is.EqualTo(("iwae", 50)));
    }

    [Test]
    public void Base_ChainAcrossFolders_IsRelativeToEachSpec()
    {
        using var files = new SpecFiles();
        files.Write("common/root.yaml", "seed: 9\neval: { nll_k: 100 }\n");
        files.Write("common/mid.yaml", "base: root.yaml\nobjective: { k: 2 }\n");
        var leaf = files.Write("papers/iwae/leaf.yaml", "base: ../../common/mid.yaml\neval: { every_epochs: 1 }\n");

        var spec = SpecLoader.Load(leaf);

        Assert.That((spec.Seed, spec.Objective.K, spec.Eval.NllK, spec.Eval.EveryEpochs), Is.EqualTo((9, 2, 100, 1)));
    }

    [Test]
    public void Base_ErrorInBase_NamesTheBaseFile()
    {
        using var files = new SpecFiles();
        files.Write("base.yaml", "objective:\n  k: 0\n");
        var child = files.Write("child.yaml", "base: base.yaml\n");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(child))!;

        Assert.That(e.Errors.Single().ToString(), Does.EndWith("base.yaml:2:6: objective.k: must be >= 1, got 0"));
    }

    [Test]
    public void Base_NullInChild_RemovesTheInheritedValue()
    {
        using var files = new SpecFiles();
        files.Write("base.yaml", "objective: { k: 7 }\nsweep: { grid: { seed: [1, 2] } }\n");
        var child = files.Write("child.yaml", "base: base.yaml\nobjective: { k: ~ }\nsweep: null\n");

        var spec = SpecLoader.Load(child);

        Assert.That((spec.Objective.K, spec.Sweep), Is.EqualTo((1, (SweepSpec?)null)));
    }

    [Test]
    public void Base_ChildNamesAnotherComponent_ReplacesTheOptions()
    {
        using var files = new SpecFiles();
        files.Write("base.yaml", "model: { posterior: { iaf: { length: 2, hidden: [50] } } }\n");
        var child = files.Write("child.yaml", "base: base.yaml\nmodel: { posterior: { planar: { length: 8 } } }\n");
        var same = files.Write("same.yaml", "base: base.yaml\nmodel: { posterior: { iaf: { length: 6 } } }\n");

        Assert.That(SpecLoader.Load(child).Model.Posterior,
            Is.EqualTo(new ComponentSpec("planar", new ValueMap([new("length", 8)]))));
        Assert.That(SpecLoader.Load(same).Model.Posterior,
            Is.EqualTo(new ComponentSpec("iaf", new ValueMap([new("length", 6), new("hidden", new ValueList<int>([50]))]))));
    }

    [Test]
    public void Base_Cycle_IsDetected()
    {
        using var files = new SpecFiles();
        files.Write("a.yaml", "base: b.yaml\n");
        files.Write("b.yaml", "seed: 2\nbase: c.yaml\n");
        files.Write("c.yaml", "base: a.yaml\n");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(Path.Combine(files.Root, "a.yaml")))!;

        var error = e.Errors.Single();
        Assert.That(error.Message, Is.EqualTo("inheritance cycle: a.yaml -> b.yaml -> c.yaml -> a.yaml"));
        Assert.That((Path.GetFileName(error.File), error.Line, error.Column, error.KeyPath), Is.EqualTo(("c.yaml", 1, 7, "base")));
    }

    [Test]
    public void Base_SelfReference_IsACycle()
    {
        using var files = new SpecFiles();
        var path = files.Write("self.yaml", "base: self.yaml\n");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(path))!;

        Assert.That(e.Errors.Single().Message, Is.EqualTo("inheritance cycle: self.yaml -> self.yaml"));
    }

    [Test]
    public void Base_MissingFile_IsAnErrorAtTheBaseKey()
    {
        using var files = new SpecFiles();
        var path = files.Write("child.yaml", "seed: 1\nbase: nowhere.yaml\n");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(path))!;

        var error = e.Errors.Single();
        Assert.That((error.Line, error.Column, error.KeyPath), Is.EqualTo((2, 7, "base")));
        Assert.That(error.Message, Does.StartWith("base file not found:").And.EndWith("nowhere.yaml"));
    }

    [Test]
    public void Base_MissingFileAndOtherErrors_AreReportedTogether()
    {
        using var files = new SpecFiles();
        var path = files.Write("child.yaml", "base: nowhere.yaml\nobjective: { k: 0 }\n");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(path))!;

        Assert.That(e.Errors.Select(x => x.KeyPath), Is.EqualTo(new[] { "base", "objective.k" }));
    }
}
