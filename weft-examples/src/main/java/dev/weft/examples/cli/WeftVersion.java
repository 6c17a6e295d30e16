package dev.weft.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** weft's version (from the build) and the Java runtime it runs on, for {@code --version}. */
public final class WeftVersion implements IVersionProvider {

  /** Created by picocli. */
  public WeftVersion() {}

  @Override
  public String[] getVersion() {
    return new String[] {
      "weft " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
    };
  }

  /** The project version written into {@code version.properties} by the build. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = WeftVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) return "(unknown version)";
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "(unknown version)");
  }
}
