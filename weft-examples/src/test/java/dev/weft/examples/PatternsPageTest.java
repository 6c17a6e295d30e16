package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/patterns.md and the registry of examples agree: every runnable example the page names
 * exists, every registered example is named as runnable, a planned example is not registered yet,
 * and every test class the page names exists in the repository.
 */
class PatternsPageTest {

  private static final Pattern EXAMPLE = Pattern.compile("`\\./weft run ([a-z]+(?:-[a-z]+)*)`");
  private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)`");
  private static final Set<String> STATUSES = Set.of("runnable", "planned", "n/a");

  /** One row of a table of the page. */
  private record Row(String pattern, String example, List<String> tests, String status) {}

  @Test
  void everyRunnableExampleExistsAndEveryExampleIsListed() throws IOException {
    List<Row> rows = rows(page());
    Set<String> registered = Examples.all().stream().map(Example::name).collect(Collectors.toSet());
    Set<String> runnable = new HashSet<>();
    for (Row row : rows) {
      switch (row.status()) {
        case "runnable" -> {
          assertThat(row.example()).as("the example of runnable row '%s'", row.pattern()).isNotNull();
          assertThat(registered).as("runnable row '%s'", row.pattern()).contains(row.example());
          runnable.add(row.example());
        }
        case "planned" -> {
          if (row.example() != null) {
            assertThat(registered)
                .as("row '%s' is marked planned, but %s is registered: mark it runnable",
                    row.pattern(), row.example())
                .doesNotContain(row.example());
          }
        }
        default -> assertThat(row.example()).as("row '%s' marked n/a names no example", row.pattern()).isNull();
      }
    }
    assertThat(runnable).as("registered examples listed as runnable on docs/patterns.md").containsAll(registered);
  }

  @Test
  void everyTestNamedExists() throws IOException {
    Set<String> testClasses = testClassNames();
    assertThat(testClasses.containsAll(List.of("PatternsPageTest", "WaitGroupTest"))).as("the scan sees test classes").isTrue();
    List<Row> rows = rows(page());
    for (Row row : rows) {
      if (row.status().equals("runnable")) {
        assertThat(row.tests()).as("the tests of runnable row '%s'", row.pattern()).isNotEmpty();
      }
      for (String test : row.tests()) {
        assertThat(testClasses.contains(test))
            .as("%s, named in row '%s', is a test class of the repository", test, row.pattern())
            .isTrue();
      }
    }
  }

  @Test
  void theParserReadsRowsAndRejectsMalformedOnes() {
    String page =
        """
        | pattern | Go idiom | weft type | example | proved by | status |
        |---|---|---|---|---|---|
        | Fork-join | `sync.WaitGroup` | `WaitGroup` | `./weft run fork-join` | `WaitGroupTest`, `BarrierTest` | runnable |
        | Map-reduce | shuffle | engine | `./weft run map-reduce` | — | planned |
        | Benchmarks | `go test -bench` | JMH | — | — | n/a |
        """;
    assertThat(rows(page))
        .containsExactly(
            new Row("Fork-join", "fork-join", List.of("WaitGroupTest", "BarrierTest"), "runnable"),
            new Row("Map-reduce", "map-reduce", List.of(), "planned"),
            new Row("Benchmarks", null, List.of(), "n/a"));
    String unknownStatus = page.replace("| n/a |", "| soon |");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> rows(unknownStatus)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("soon");
    String shortRow = page.replace("| — | — | n/a |", "| n/a |");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> rows(shortRow)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Benchmarks");
  }

  /** The rows of every table whose header has the columns example, proved by and status. */
  private static List<Row> rows(String page) {
    List<Row> rows = new ArrayList<>();
    List<String> header = null;
    for (String line : page.lines().toList()) {
      if (!line.startsWith("|")) {
        header = null;
        continue;
      }
      List<String> cells = cells(line);
      if (header == null) {
        header = cells;
        continue;
      }
      if (cells.stream().allMatch(c -> c.matches("-+"))) continue; // the separator line
      if (!header.contains("example")) continue;
      assertThat(cells).as("row '%s' has a cell per column of %s", cells.get(0), header).hasSameSizeAs(header);
      String exampleCell = cells.get(header.indexOf("example"));
      Matcher example = EXAMPLE.matcher(exampleCell);
      String name = example.find() ? example.group(1) : null;
      if (name == null) {
        assertThat(exampleCell).as("the example cell of '%s'", cells.get(0)).isEqualTo("—");
      }
      List<String> tests = new ArrayList<>();
      Matcher test = TEST.matcher(cells.get(header.indexOf("proved by")));
      while (test.find()) tests.add(test.group(1));
      String status = cells.get(header.indexOf("status"));
      assertThat(STATUSES).as("status of '%s'", cells.get(0)).contains(status);
      rows.add(new Row(cells.get(0), name, tests, status));
    }
    assertThat(rows).as("rows of docs/patterns.md").isNotEmpty();
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) cells.add(cell.strip());
    return cells;
  }

  private static String page() throws IOException {
    return Files.readString(repositoryRoot().resolve("docs/patterns.md"), StandardCharsets.UTF_8);
  }

  /** The simple names of every test class under any module's src/test/java. */
  private static Set<String> testClassNames() throws IOException {
    Path root = repositoryRoot();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().replace('\\', '/').contains("/src/test/java/"))
          .filter(f -> !f.toString().replace('\\', '/').contains("/target/"))
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith("Test.java"))
          .map(n -> n.substring(0, n.length() - ".java".length()))
          .collect(Collectors.toSet());
    }
  }

  /** The repository's root: the nearest directory up from here with mvnw and docs in it. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) return dir;
    }
    throw new IllegalStateException("PatternsPageTest: no repository root above " + Path.of("").toAbsolutePath());
  }
}
