package dev.weft.mapreduce;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers of the text path: ASCII checks, the {@code String}-compatible hash. */
final class Texts {
  private Texts() {}

  static boolean isAscii(byte[] b, int from, int to) {
    int bits = 0;
    for (int i = from; i < to; i++) bits |= b[i];
    return bits >= 0;
  }

  /**
   * {@code new String(b, from, to - from, US_ASCII).hashCode()} without making the string: for
   * ASCII bytes, {@code String.hashCode} is this polynomial over the bytes.
   */
  static int asciiHash(byte[] b, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) h = 31 * h + b[i];
    return h;
  }

  /** The index of the first unpaired surrogate of {@code s}, or -1 if it is well-formed. */
  static int unpairedSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
        else return i;
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Fails with a message naming the emitter if {@code key} cannot round-trip through UTF-8. */
  static void requireWellFormed(String key) {
    java.util.Objects.requireNonNull(key, "TextEmitter: key is null");
    int i = unpairedSurrogate(key);
    if (i >= 0) {
      throw new IllegalArgumentException(
          "TextEmitter: key has an unpaired surrogate at index " + i + ", which UTF-8 cannot hold");
    }
  }

  /**
   * A {@link TextMapper} as a {@link LongMapper} of {@code String} records: encodes each record to
   * UTF-8 and turns byte-range keys back into strings. The form every engine can run; the local
   * engine bypasses it for file input.
   *
   * @param mapper the text map function
   */
  record Adapter(TextMapper mapper) implements LongMapper<Object, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void map(Object record, LongEmitter<String> out) throws Exception {
      if (!(record instanceof String s)) {
        throw new IllegalArgumentException(
            "TextMapper: records must be Strings, not " + record.getClass().getName());
      }
      int bad = unpairedSurrogate(s);
      if (bad >= 0) {
        throw new MalformedRecordException("line has an unpaired surrogate at index " + bad);
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      Text line = new Text();
      line.set(b, 0, b.length, isAscii(b, 0, b.length));
      mapper.map(line, new TextEmitter() {
        @Override
        public void emit(Text t, int from, int to, long value) {
          out.emit(t.substring(from, to), value);
        }

        @Override
        public void emit(String key, long value) {
          requireWellFormed(key);
          out.emit(key, value);
        }
      });
    }
  }
}
