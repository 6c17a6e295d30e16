package dev.weft.mapreduce.hazelcast;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the UTF-8 lines that start in one byte range {@code [start, end)} of a file, by the rule of
 * {@link dev.weft.mapreduce.Input#lines}: a range that starts inside a line skips to the next line,
 * and the last line read may run past {@code end} to its newline, so that the ranges of a file read
 * every line exactly once. Lines end with {@code \n} or {@code \r\n}; a last line without a newline
 * counts.
 *
 * <p>Not thread-safe: one processor owns a reader.
 */
final class LineRange implements Closeable {

  private final FileChannel channel;
  private final long end;
  private final int maxLength;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
  private byte[] line = new byte[256];
  private int lineLength;
  /** The file position of the next byte {@link #nextByte()} returns. */
  private long position;
  /** The file position of the first byte not yet in {@link #buffer}. */
  private long filled;

  /** The position of the line {@link #next()} read last. */
  long lineStart;
  /** The line {@link #next()} read last, or null when it is malformed. */
  String text;
  /** Why the line {@link #next()} read last is malformed, or null. */
  String malformed;
  /** Bytes of the lines read so far, newlines included. */
  long bytesRead;

  LineRange(Path file, long start, long end, int maxLength) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.end = end;
    this.maxLength = maxLength;
    buffer.flip();
    if (start > 0) {
      // The line at start-1 belongs to the range before; skip to the first line that starts here.
      position = filled = start - 1;
      int b;
      do {
        b = nextByte();
      } while (b >= 0 && b != '\n');
    }
  }

  /**
   * Reads the next line that starts in the range into {@link #text} (or {@link #malformed}).
   *
   * @return false when no more lines start in the range
   * @throws IOException if the file cannot be read
   */
  boolean next() throws IOException {
    if (position >= end) return false;
    lineStart = position;
    lineLength = 0;
    int b = nextByte();
    if (b < 0) return false;
    boolean overlong = false;
    while (b >= 0 && b != '\n') {
      if (lineLength <= maxLength) append((byte) b);
      else overlong = true;
      b = nextByte();
    }
    bytesRead += position - lineStart;
    if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
    if (overlong || lineLength > maxLength) {
      text = null;
      malformed = "record longer than " + maxLength + " bytes";
      return true;
    }
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, lineLength));
      text = chars.toString();
      malformed = null;
    } catch (CharacterCodingException e) {
      text = null;
      malformed = "line is not valid UTF-8";
    }
    return true;
  }

  private void append(byte b) {
    if (lineLength == line.length) line = Arrays.copyOf(line, Math.min(line.length * 2, maxLength + 1));
    line[lineLength++] = b;
  }

  private int nextByte() throws IOException {
    if (!buffer.hasRemaining()) {
      buffer.clear();
      int n = channel.read(buffer, filled);
      buffer.flip();
      if (n <= 0) return -1;
      filled += n;
    }
    position++;
    return buffer.get() & 0xff;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
