package dev.weft.examples;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The main code of every module keeps the rules of docs/architecture.md: dependencies point down
 * the module table, weft-core's package floors hold, weft-flow's API packages stand apart, and no
 * {@code synchronized} or {@code Unsafe} creeps in. This module's test class path holds the main
 * classes of weft-core, weft-test, weft-flow and weft-examples; weft-bench sits above them all and
 * is checked by the source scans.
 */
class ArchitectureTest {

  /** weft-core's packages, by their name under {@code dev.weft}. */
  private static final Set<String> CORE = Set.of("chan", "context", "sync", "time", "task", "spi");

  private static final String[] CORE_PACKAGES = {
    "dev.weft.chan..",
    "dev.weft.context..",
    "dev.weft.sync..",
    "dev.weft.time..",
    "dev.weft.task..",
    "dev.weft.spi.."
  };

  /** Every package of the module table; a new package must be placed in it first. */
  private static final String[] KNOWN_PACKAGES = {
    "dev.weft.chan..",
    "dev.weft.context..",
    "dev.weft.sync..",
    "dev.weft.time..",
    "dev.weft.task..",
    "dev.weft.spi..",
    "dev.weft.test..",
    "dev.weft.flow..",
    "dev.weft.resilience..",
    "dev.weft.redis..",
    "dev.weft.mapreduce..",
    "dev.weft.examples..",
    "dev.weft.bench.."
  };

  private static final String FLOW_INTERNAL = "dev.weft.flow.internal..";

  private static final String SEE = " (docs/architecture.md)";

  /** Imported once: main classes only, from every module on this class path. */
  private static final class Main {
    static final JavaClasses CLASSES =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.weft");
  }

  @Test
  void everyPackageBelongsToAModuleOfTheTable() {
    classes()
        .that()
        .resideInAPackage("dev.weft..")
        .should()
        .resideInAnyPackage(KNOWN_PACKAGES)
        .because(
            "every package has a place in the module table: add a new package to the table in"
                + " docs/architecture.md and to ArchitectureTest, or move the class into an"
                + " existing package"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void weftCoreDependsOnNoModuleAboveIt() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE_PACKAGES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.flow..",
            "dev.weft.resilience..",
    "dev.weft.redis..",
            "dev.weft.test..",
            "dev.weft.examples..",
            "dev.weft.bench..")
        .because(
            "weft-core is the ground floor and depends on nothing: move the shared code down into"
                + " weft-core, or the dependent code up into the module that needs it"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void weftFlowDependsOnlyOnWeftCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.flow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.resilience..", "dev.weft.test..", "dev.weft.examples..", "dev.weft.bench..")
        .because(
            "weft-flow depends on weft-core only: move what it needs down into weft-flow or"
                + " weft-core"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void weftResilienceDependsOnlyOnWeftCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.resilience..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weft.flow..", "dev.weft.test..", "dev.weft.examples..", "dev.weft.bench..")
        .because(
            "weft-resilience depends on weft-core only: move what it needs down into"
                + " weft-resilience or weft-core"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void resiliencePolicyPackagesDoNotImportEachOther() {
    slices()
        .matching("dev.weft.resilience.(*)..")
        .namingSlices("dev.weft.resilience.$1")
        .should()
        .notDependOnEachOther()
        .because(
            "each kind of policy stands apart on weft-core and the Policy contract in"
                + " dev.weft.resilience; compose policies with Policies instead of importing one"
                + " into another"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void weftTestDependsOnNoOtherWeftPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.test..")
        .should()
        .dependOnClassesThat(resideInAPackage("dev.weft..").and(not(resideInAPackage("dev.weft.test.."))))
        .because(
            "weft-test depends on the JDK and JUnit only, so that weft-core's own tests can run"
                + " under it (docs/adr/0001-leak-detector-without-core-dependency.md): reach weft-core"
                + " reflectively, as WeftRegistry does")
        .check(Main.CLASSES);
  }

  @Test
  void timeIsTheGroundFloorOfWeftCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft.time..")
        .should()
        .dependOnClassesThat(resideInAPackage("dev.weft..").and(not(resideInAPackage("dev.weft.time.."))))
        .because(
            "dev.weft.time imports no other weft package: put what needs a Context or a Channel"
                + " one floor up, beside the type it serves"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void weftCoreHasNoPackageCycleButChannelsAndContexts() {
    slices()
        .assignedFrom(new CoreFloors())
        .should()
        .beFreeOfCycles()
        .because(
            "weft-core's packages are floors and the only intended cycle is chan <-> context:"
                + " move the type that closes the cycle down to the lower floor"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void weftFlowApiPackagesDoNotImportEachOther() {
    slices()
        .matching("dev.weft.flow.(*)..")
        .namingSlices("dev.weft.flow.$1")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(resideInAPackage(FLOW_INTERNAL), alwaysTrue())
        .ignoreDependency(alwaysTrue(), resideInAPackage(FLOW_INTERNAL))
        .because(
            "weft-flow's API packages stand apart: write a small shared helper where it is used,"
                + " put a type two of them expose in a package of its own, or a hook weft's"
                + " modules share in weft-core's SPI package"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void internalPackagesHaveNoPublicType() {
    noClasses()
        .that()
        .resideInAPackage("..internal..")
        .should()
        .bePublic()
        .allowEmptyShould(true)
        .because(
            "a public type in a package called internal is API in all but name: make it"
                + " package-private beside the API it serves, or, for weft's own modules, put it in"
                + " the SPI package"
                + SEE)
        .check(Main.CLASSES);
  }

  @Test
  void noSynchronizedMethodInMainCode() {
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.weft..")
        .should()
        .haveModifier(JavaModifier.SYNCHRONIZED)
        .because(
            "a virtual thread blocked in synchronized code pins its carrier on JDK 21: use a"
                + " java.util.concurrent.locks lock, an atomic or a VarHandle")
        .check(Main.CLASSES);
  }

  @Test
  void noUnsafeInMainCode() {
    noClasses()
        .that()
        .resideInAPackage("dev.weft..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("sun.misc.Unsafe")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jdk.internal.misc.Unsafe")
        .because("weft uses VarHandle for atomics and fences, never Unsafe")
        .check(Main.CLASSES);
  }

  @Test
  void noSynchronizedBlockInAnyModulesMainSources() throws IOException {
    assertThat(findInMainSources(Pattern.compile("\\bsynchronized\\b")))
        .as(
            "synchronized in main code pins a virtual thread's carrier on JDK 21: use a"
                + " java.util.concurrent.locks lock, an atomic or a VarHandle")
        .isEmpty();
  }

  @Test
  void noUnsafeInAnyModulesMainSources() throws IOException {
    assertThat(findInMainSources(Pattern.compile("\\bUnsafe\\b")))
        .as("weft uses VarHandle for atomics and fences, never Unsafe")
        .isEmpty();
  }

  @Test
  void theSourceScanSeesCodeButNotCommentsOrStrings() {
    String source =
        "class A { // synchronized\n"
            + "  /* synchronized */ String s = \"synchronized \\\" synchronized\";\n"
            + "  char c = '\"'; String t = \"\"\"\n  synchronized\n  \"\"\";\n"
            + "  void f() { synchronized (this) {} }\n"
            + "}\n";
    String code = codeOnly(source);
    assertThat(code.lines().filter(l -> l.contains("synchronized")).toList())
        .containsExactly("  void f() { synchronized (this) {} }");
    assertThat(code.lines().count()).isEqualTo(source.lines().count());
  }

  /** Assigns weft-core's packages to slices, chan and context to one: their cycle is intended. */
  private static final class CoreFloors implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith("dev.weft.")) {
        return SliceIdentifier.ignore();
      }
      String floor = name.substring("dev.weft.".length()).split("\\.", -1)[0];
      if (!CORE.contains(floor)) {
        return SliceIdentifier.ignore();
      }
      return SliceIdentifier.of(
          floor.equals("chan") || floor.equals("context") ? "dev.weft.chan+context" : "dev.weft." + floor);
    }

    @Override
    public String getDescription() {
      return "weft-core's packages, dev.weft.chan and dev.weft.context as one";
    }
  }

  /** Lines of code (comments and literals removed) of every module's main Java sources matching. */
  private static List<String> findInMainSources(Pattern pattern) throws IOException {
    Path root = repositoryRoot();
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = String.valueOf(dir.getFileName());
            return name.equals("target") || name.startsWith(".") && !dir.equals(root)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String path = root.relativize(file).toString().replace('\\', '/');
            if (path.endsWith(".java") && path.contains("src/main/java/")) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
    assertThat(files)
        .as("main sources under %s", root)
        .anyMatch(p -> p.endsWith(Path.of("dev", "weft", "chan", "Channel.java")));
    List<String> hits = new ArrayList<>();
    for (Path file : files) {
      String[] lines = codeOnly(Files.readString(file, StandardCharsets.UTF_8)).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = pattern.matcher(lines[i]);
        if (m.find()) {
          hits.add(root.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    return hits;
  }

  /** The repository's root: the nearest directory up from here with mvnw and weft-core in it. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("weft-core"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "ArchitectureTest: no repository root (mvnw and weft-core) above "
            + Path.of("").toAbsolutePath());
  }

  /**
   * Java source with comments, string and character literals and text blocks blanked out, line
   * breaks kept so that line numbers still match.
   */
  static String codeOnly(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(source, i, end, out);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = closing(source, i + 3, "\"\"\"");
        blank(source, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = closing(source, i + 1, String.valueOf(c));
        blank(source, i, end, out);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index just past {@code quote} closing a literal that starts at {@code from}. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(quote, i)) {
        return i + quote.length();
      } else {
        i++;
      }
    }
    return source.length();
  }

  /** Appends the line breaks of {@code source[from, to)}, and a space for the rest. */
  private static void blank(String source, int from, int to, StringBuilder out) {
    out.append(' ');
    for (int i = from; i < to; i++) {
      if (source.charAt(i) == '\n') {
        out.append('\n');
      }
    }
  }
}
