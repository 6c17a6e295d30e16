package dev.weft.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Writes keys and values to spill runs and reads them back. A job only needs one when it spills;
 * the default, {@link #auto()}, handles strings, integers and longs compactly and anything else
 * {@link Serializable} through Java serialization (slow: give a codec of your own for a job that
 * spills custom types often).
 *
 * @param <T> the type written
 */
public interface Codec<T> extends Serializable {

  /**
   * Writes one value.
   *
   * @param value the value, not null
   * @param out where to write it
   * @throws IOException if writing fails
   */
  void write(T value, DataOutput out) throws IOException;

  /**
   * Reads one value written by {@link #write}.
   *
   * @param in where to read it
   * @return the value
   * @throws IOException if reading fails
   */
  T read(DataInput in) throws IOException;

  /**
   * Strings as a length and their UTF-8 bytes (no 64 KB limit, unlike {@code writeUTF}).
   *
   * @return the string codec
   */
  static Codec<String> string() {
    return new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(String value, DataOutput out) throws IOException {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
      }

      @Override
      public String read(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
      }
    };
  }

  /**
   * Any value: strings, {@code Integer} and {@code Long} with a one-byte tag, anything else by
   * Java serialization.
   *
   * @param <T> the type written
   * @return the automatic codec, the default of every job
   */
  @SuppressWarnings("unchecked")
  static <T> Codec<T> auto() {
    return (Codec<T>) AutoCodec.INSTANCE;
  }
}
