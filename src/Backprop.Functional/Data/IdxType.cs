namespace Backprop.Functional.Data;

/// <summary>The element type code of an IDX file (the third byte of its magic number).</summary>
public enum IdxType : byte
{
    UByte = 0x08,
    SByte = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}
