package dev.weft.mapreduce;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of one {@link Split.FileRange}.
 *
 * <p>Implementation notes. A line belongs to the split that holds its first byte. A split that
 * starts at {@code start > 0} looks at byte {@code start - 1}: if it is {@code '\n'}, a line starts
 * at {@code start}; otherwise the split skips to just after the next {@code '\n'}, since the line
 * in progress belongs to the split before. That split, in turn, reads every line that starts
 * before its {@code end}, past {@code end} if need be. Because {@code '\n'} (0x0A) never occurs
 * inside a multibyte UTF-8 sequence, cutting at byte offsets and decoding whole lines is safe. A
 * trailing {@code '\r'} is dropped (CRLF); a last line without {@code '\n'} is a line; the empty
 * text after a final {@code '\n'} is not.
 *
 * <p>Lines are decoded with {@code new String(bytes, UTF_8)} (the JDK's fast path); only when the
 * result holds U+FFFD is the line decoded again strictly, to tell a replacement character that was
 * in the file from invalid bytes. A sink that {@linkplain Sink#wantsBytes() wants bytes} gets the
 * line undecoded: an ASCII line as it is, any other after a strict check. Not thread-safe: one
 * reader per worker.
 */
final class LineReader {

  /** Receives each line; the exception it throws stops the reading. */
  interface Sink {
    void line(String line, long offset) throws Exception;

    /** Whether this sink takes lines as bytes ({@link #lineBytes}) rather than as strings. */
    default boolean wantsBytes() {
      return false;
    }

    /**
     * A line as bytes {@code [from, from + length)} of {@code bytes}, valid UTF-8; {@code ascii}
     * if every byte is below 0x80. The bytes belong to the reader, and stay as they are until it
     * calls {@link #release()}.
     */
    default void lineBytes(byte[] bytes, int from, int length, boolean ascii, long offset) throws Exception {
      throw new UnsupportedOperationException("LineReader: this sink takes strings");
    }

    /** Called before the reader overwrites bytes it has handed to {@link #lineBytes}. */
    default void release() throws Exception {}

    void malformed(String reason, String prefix, long offset) throws Exception;

    /** Called after every buffer fill with the bytes read, so progress and cancellation run. */
    void read(int bytes) throws Exception;
  }

  private final ByteBuffer buf;
  private final int maxRecordLength;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[256];
  private long start; // of the split being read
  private long end;
  private static final int PAST_END = 4096;

  LineReader(int bufferSize, int maxRecordLength) {
    this.buf = ByteBuffer.allocate(bufferSize);
    this.maxRecordLength = maxRecordLength;
  }

  /** Reads the lines of {@code [start, end)} from {@code ch} into {@code sink}. */
  void read(FileChannel ch, long start, long end, Sink sink) throws Exception {
    this.start = start;
    this.end = end;
    boolean bytes = sink.wantsBytes();
    long pos = start; // file position of the next byte to read into buf
    buf.clear().flip(); // empty
    if (start > 0) {
      ByteBuffer one = ByteBuffer.allocate(1);
      if (ch.read(one, start - 1) == 1 && one.get(0) != '\n') {
        // Skip the rest of a line that began in the split before.
        while (true) {
          if (!buf.hasRemaining()) {
            pos = fill(ch, pos, sink);
            if (pos < 0) return;
          }
          if (buf.get() == '\n') break;
        }
      }
    }
    long lineStart = pos - buf.remaining();
    while (lineStart < end) {
      int len = 0;
      byte[] src = null; // the buffer, when the whole line is in it; else the copy in line
      int srcFrom = 0;
      boolean overlong = false;
      boolean newline = false;
      boolean any = false;
      while (true) {
        if (!buf.hasRemaining()) {
          long p = fill(ch, pos, sink);
          if (p < 0) break;
          pos = p;
        }
        any = true;
        byte[] a = buf.array();
        int from = buf.position();
        int lim = buf.limit();
        int i = from;
        while (i < lim && a[i] != '\n') i++;
        int n = i - from;
        if (len == 0 && i < lim && n <= maxRecordLength + 1) {
          // the whole line is in the buffer: hand it out from there
          src = a;
          srcFrom = from;
          len = n;
        } else if (!overlong) {
          if (len == 0) sink.release(); // line may hold bytes handed out before
          if (len + n > maxRecordLength + 1) {
            int keep = Math.max(0, Math.min(n, maxRecordLength - len));
            append(a, from, keep, len);
            len += keep;
            overlong = true;
          } else {
            append(a, from, n, len);
            len += n;
          }
        }
        if (i < lim) {
          buf.position(i + 1);
          newline = true;
          break;
        }
        buf.position(lim);
      }
      if (!any || (!newline && len == 0 && !overlong)) return; // end of file, nothing left
      long offset = lineStart;
      lineStart = pos - buf.remaining();
      if (src == null) src = line; // appending may have replaced line by a larger array
      if (!overlong && len > 0 && src[srcFrom + len - 1] == '\r') len--;
      if (overlong || len > maxRecordLength) {
        String prefix = new String(src, srcFrom, Math.min(len, maxRecordLength), StandardCharsets.UTF_8);
        sink.malformed("record longer than " + maxRecordLength + " bytes", prefix, offset);
      } else if (bytes) {
        boolean ascii = Texts.isAscii(src, srcFrom, srcFrom + len);
        if (ascii || validUtf8(src, srcFrom, len)) {
          sink.lineBytes(src, srcFrom, len, ascii, offset);
        } else {
          sink.malformed(
              "line is not valid UTF-8", new String(src, srcFrom, len, StandardCharsets.UTF_8), offset);
        }
      } else {
        String s = new String(src, srcFrom, len, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0 && !validUtf8(src, srcFrom, len)) {
          sink.malformed("line is not valid UTF-8", s, offset);
        } else {
          sink.line(s, offset);
        }
      }
      if (!newline) return;
    }
  }

  /**
   * Reads the next bytes at {@code pos}: up to {@code end} while inside the split, then in small
   * reads to finish the last line. Reports to the sink only the bytes inside {@code [start, end)},
   * so that the splits of a file report its size exactly.
   */
  private long fill(FileChannel ch, long pos, Sink sink) throws Exception {
    sink.release();
    buf.clear();
    long want = pos < end ? end - pos : PAST_END;
    if (want < buf.capacity()) buf.limit((int) want);
    int n = ch.read(buf, pos);
    buf.flip();
    if (n <= 0) return -1;
    long inside = Math.min(pos + n, end) - Math.max(pos, start);
    if (inside > 0) sink.read((int) inside);
    return pos + n;
  }

  private void append(byte[] a, int from, int n, int len) {
    if (len + n > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(len + n, Math.min(line.length * 2, maxRecordLength + 1)));
    }
    System.arraycopy(a, from, line, len, n);
  }

  private boolean validUtf8(byte[] a, int from, int len) {
    try {
      strict.reset().decode(ByteBuffer.wrap(a, from, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
