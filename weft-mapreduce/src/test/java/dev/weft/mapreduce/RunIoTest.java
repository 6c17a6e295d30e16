package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RunOutput} writes the bytes {@code DataOutputStream} writes, and {@link RunInput} reads
 * them back, across buffer boundaries (buffers smaller than a value included), within a section
 * of the file, and fails at the section's end instead of reading past it.
 */
class RunIoTest {

  @TempDir Path dir;

  /** Writes the same seeded values to any DataOutput. */
  private static void values(java.io.DataOutput o, long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int k = 0; k < 2_000; k++) {
      switch (rnd.nextInt(10)) {
        case 0 -> o.writeInt(rnd.nextInt());
        case 1 -> o.writeLong(rnd.nextLong());
        case 2 -> o.writeByte(rnd.nextInt(256));
        case 3 -> o.writeShort(rnd.nextInt(65536));
        case 4 -> o.writeUTF("é" + "x".repeat(rnd.nextInt(50)) + "😀");
        case 5 -> o.writeDouble(rnd.nextDouble());
        case 6 -> o.writeFloat((float) rnd.nextDouble());
        case 7 -> o.writeBoolean(rnd.nextBoolean());
        case 8 -> o.writeChar(rnd.nextInt(65536));
        default -> {
          byte[] b = new byte[rnd.nextInt(100)];
          rnd.nextBytes(b);
          o.write(b);
        }
      }
    }
  }

  @ParameterizedTest(name = "buffer {0}")
  @ValueSource(ints = {1, 3, 7, 64, 65536})
  void roundTripsWhatDataOutputStreamWrites(int buffer) throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(expected);
    d.writeLong(42); // a header the section skips
    values(d, 7);
    d.flush();

    Path f = dir.resolve("run.bin");
    try (RunOutput out = new RunOutput(FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), Math.max(buffer, 8))) {
      out.writeLong(42);
      values(out, 7);
      assertThat(out.position()).isEqualTo(expected.size());
    }
    assertThat(Files.readAllBytes(f)).isEqualTo(expected.toByteArray());

    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      RunInput in = new RunInput(ch, 8, Files.size(f), Math.max(buffer, 8));
      SplittableRandom rnd = new SplittableRandom(7);
      for (int k = 0; k < 2_000; k++) {
        switch (rnd.nextInt(10)) {
          case 0 -> assertThat(in.readInt()).isEqualTo(rnd.nextInt());
          case 1 -> assertThat(in.readLong()).isEqualTo(rnd.nextLong());
          case 2 -> assertThat(in.readUnsignedByte()).isEqualTo(rnd.nextInt(256));
          case 3 -> assertThat(in.readUnsignedShort()).isEqualTo(rnd.nextInt(65536));
          case 4 -> assertThat(in.readUTF()).isEqualTo("é" + "x".repeat(rnd.nextInt(50)) + "😀");
          case 5 -> assertThat(in.readDouble()).isEqualTo(rnd.nextDouble());
          case 6 -> assertThat(in.readFloat()).isEqualTo((float) rnd.nextDouble());
          case 7 -> assertThat(in.readBoolean()).isEqualTo(rnd.nextBoolean());
          case 8 -> assertThat((int) in.readChar()).isEqualTo(rnd.nextInt(65536));
          default -> {
            byte[] b = new byte[rnd.nextInt(100)];
            rnd.nextBytes(b);
            byte[] got = new byte[b.length];
            in.readFully(got);
            assertThat(got).isEqualTo(b);
          }
        }
      }
      assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
    }
  }

  @ParameterizedTest(name = "buffer {0}")
  @ValueSource(ints = {8, 4096})
  void aSectionEndsWhereItSaysEvenIfTheFileGoesOn(int buffer) throws Exception {
    Path f = dir.resolve("two.bin");
    try (RunOutput out = new RunOutput(FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 64)) {
      out.writeInt(1);
      out.writeInt(2);
      out.writeInt(3);
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      RunInput in = new RunInput(ch, 4, 8, buffer);
      assertThat(in.readInt()).isEqualTo(2);
      assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class).hasMessageContaining("spill run ends");
    }
  }
}
