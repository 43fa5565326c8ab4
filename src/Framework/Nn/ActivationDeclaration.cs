using Research.Framework.Specs;

namespace Research.Framework.Nn;

/// <summary>An activation a spec can name (<c>model.encoder.activation</c>, <c>model.decoder.activation</c>): the nonlinearity it stands for.</summary>
public sealed record ActivationDeclaration(string Name, string Doc, Activation Function)
    : ComponentDeclaration<NoOptions>(ComponentKind.Activation, Name, Doc);
