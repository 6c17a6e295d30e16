package dev.weft.mapreduce;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A spill run being written: {@link DataOutput} (big-endian, as {@code DataOutputStream}) into an
 * array that goes to the file when full. Unlike a {@code DataOutputStream} on a {@code
 * BufferedOutputStream}, a primitive is one bounds check and one store, not a locked call per
 * byte. Not thread-safe: one per run being written.
 */
final class RunOutput implements DataOutput, AutoCloseable {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final FileChannel ch;
  private final byte[] buf;
  private int n;
  private long flushed;

  RunOutput(FileChannel ch, int bufferSize) {
    this.ch = ch;
    this.buf = new byte[bufferSize];
  }

  /** The bytes written so far, buffered ones included. */
  long position() {
    return flushed + n;
  }

  private void room(int k) throws IOException {
    if (buf.length - n < k) flush();
  }

  void flush() throws IOException {
    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
    while (b.hasRemaining()) ch.write(b);
    flushed += n;
    n = 0;
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      ch.close();
    }
  }

  @Override
  public void write(int b) throws IOException {
    room(1);
    buf[n++] = (byte) b;
  }

  @Override
  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (n == buf.length) flush();
      int k = Math.min(len, buf.length - n);
      System.arraycopy(b, off, buf, n, k);
      n += k;
      off += k;
      len -= k;
    }
  }

  @Override
  public void writeBoolean(boolean v) throws IOException {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) throws IOException {
    write(v);
  }

  @Override
  public void writeShort(int v) throws IOException {
    room(2);
    SHORT.set(buf, n, (short) v);
    n += 2;
  }

  @Override
  public void writeChar(int v) throws IOException {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) throws IOException {
    room(4);
    INT.set(buf, n, v);
    n += 4;
  }

  @Override
  public void writeLong(long v) throws IOException {
    room(8);
    LONG.set(buf, n, v);
    n += 8;
  }

  @Override
  public void writeFloat(float v) throws IOException {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) throws IOException {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) throws IOException {
    for (int i = 0; i < s.length(); i++) write(s.charAt(i));
  }

  @Override
  public void writeChars(String s) throws IOException {
    for (int i = 0; i < s.length(); i++) writeChar(s.charAt(i));
  }

  @Override
  public void writeUTF(String s) throws IOException {
    // DataOutputStream's modified UTF-8, through a stream that writes here
    DataOutputStream d = new DataOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        RunOutput.this.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        RunOutput.this.write(b, off, len);
      }
    });
    d.writeUTF(s);
    d.flush();
  }
}
