namespace Backprop.Functional.Tests.Data;

/// <summary>A read-only stream that serves <paramref name="data"/> and then fails as a broken disk would.</summary>
internal sealed class FailingStream(byte[] data) : Stream
{
    private int position;

    public const string Message = "the device is not ready";

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (position == data.Length) throw new IOException(Message);
        var n = Math.Min(count, data.Length - position);
        Array.Copy(data, position, buffer, offset, n);
        position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
