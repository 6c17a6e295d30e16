package dev.weft.mapreduce;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A section of a spill run being read: {@link DataInput} (big-endian, as {@code DataInputStream})
 * from an array refilled from the file by positional reads, so that many readers can share one
 * channel. Not thread-safe: one per partition being merged.
 */
final class RunInput implements DataInput {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final FileChannel ch;
  private final byte[] buf;
  private long pos; // file position of the next refill
  private final long end;
  private int i;
  private int n;

  RunInput(FileChannel ch, long start, long end, int bufferSize) {
    this.ch = ch;
    this.pos = start;
    this.end = end;
    this.buf = new byte[(int) Math.min(bufferSize, Math.max(16, end - start))];
  }

  /** Makes at least {@code k} bytes (at most the buffer's size) available. */
  private void need(int k) throws IOException {
    if (n - i >= k) return;
    System.arraycopy(buf, i, buf, 0, n - i);
    n -= i;
    i = 0;
    while (n < k) {
      int want = (int) Math.min(buf.length - n, end - pos);
      if (want <= 0) throw new EOFException("Codec: spill run ends inside a record");
      int r = ch.read(ByteBuffer.wrap(buf, n, want), pos);
      if (r < 0) throw new EOFException("Codec: spill run file is shorter than written");
      pos += r;
      n += r;
    }
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      need(1);
      int k = Math.min(len, n - i);
      System.arraycopy(buf, i, b, off, k);
      i += k;
      off += k;
      len -= k;
    }
  }

  @Override
  public int skipBytes(int k) throws IOException {
    int left = k;
    while (left > 0) {
      need(1);
      int s = Math.min(left, n - i);
      i += s;
      left -= s;
    }
    return k;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return readByte() != 0;
  }

  @Override
  public byte readByte() throws IOException {
    need(1);
    return buf[i++];
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return readByte() & 0xff;
  }

  @Override
  public short readShort() throws IOException {
    need(2);
    short v = (short) SHORT.get(buf, i);
    i += 2;
    return v;
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xffff;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public int readInt() throws IOException {
    need(4);
    int v = (int) INT.get(buf, i);
    i += 4;
    return v;
  }

  @Override
  public long readLong() throws IOException {
    need(8);
    long v = (long) LONG.get(buf, i);
    i += 8;
    return v;
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  /** Not supported: spill runs hold no text lines. */
  @Override
  public String readLine() {
    throw new UnsupportedOperationException("RunInput: readLine");
  }

  @Override
  public String readUTF() throws IOException {
    return DataInputStream.readUTF(this);
  }
}
