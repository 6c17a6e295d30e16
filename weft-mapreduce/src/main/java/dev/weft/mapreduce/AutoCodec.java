package dev.weft.mapreduce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** The codec behind {@link Codec#auto()}. */
final class AutoCodec implements Codec<Object> {
  private static final long serialVersionUID = 1L;
  static final AutoCodec INSTANCE = new AutoCodec();
  private static final Codec<String> STRINGS = Codec.string(); // tag 0: the same layout as below

  private AutoCodec() {}

  @Override
  public void write(Object value, DataOutput out) throws IOException {
    switch (value) {
      case String s -> {
        out.writeByte(0);
        STRINGS.write(s, out);
      }
      case Integer i -> {
        out.writeByte(1);
        out.writeInt(i);
      }
      case Long l -> {
        out.writeByte(2);
        out.writeLong(l);
      }
      default -> {
        if (!(value instanceof Serializable)) {
          throw new IOException(
              "Codec: cannot spill a " + value.getClass().getName()
                  + ": not Serializable; give the job a codec for it");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
          oos.writeObject(value);
        }
        out.writeByte(3);
        out.writeInt(bytes.size());
        out.write(bytes.toByteArray());
      }
    }
  }

  @Override
  public Object read(DataInput in) throws IOException {
    return read(in, null);
  }

  /** The size of a scratch array for {@link #read(DataInput, byte[])}. */
  static final int SCRATCH = 1024;

  /**
   * Reads a value, decoding a string of at most {@code scratch.length} bytes from {@code scratch}
   * (when not null) rather than from an array of its own.
   */
  Object read(DataInput in, byte[] scratch) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case 0 -> {
        int n = in.readInt();
        if (n < 0) throw new IOException("Codec: corrupt spill run, string length " + n);
        byte[] b = scratch != null && n <= scratch.length ? scratch : new byte[n];
        in.readFully(b, 0, n);
        yield new String(b, 0, n, StandardCharsets.UTF_8);
      }
      case 1 -> in.readInt();
      case 2 -> in.readLong();
      case 3 -> {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(b))) {
          yield ois.readObject();
        } catch (ClassNotFoundException e) {
          throw new IOException("Codec: cannot read a spilled value: " + e.getMessage(), e);
        }
      }
      default -> throw new IOException("Codec: corrupt spill run, unknown tag " + tag);
    };
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
