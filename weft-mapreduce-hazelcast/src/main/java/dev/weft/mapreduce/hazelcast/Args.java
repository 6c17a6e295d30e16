package dev.weft.mapreduce.hazelcast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command lines of {@link HazelcastMember} and {@link SubmitJob}: {@code --name value} options
 * (every option takes a value), {@code --help}, and positional arguments.
 */
final class Args {
  final Map<String, String> options = new LinkedHashMap<>();
  final List<String> positional = new ArrayList<>();
  boolean help;

  private Args() {}

  /**
   * Parses {@code args}; an option not in {@code known} is an error.
   *
   * @throws IllegalArgumentException if an option is unknown or has no value
   */
  static Args parse(String[] args, List<String> known) {
    Args a = new Args();
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (s.equals("--help") || s.equals("-h")) {
        a.help = true;
      } else if (s.startsWith("--")) {
        String name = s.substring(2);
        if (!known.contains(name)) throw new IllegalArgumentException("unknown option " + s);
        if (i + 1 == args.length) throw new IllegalArgumentException("option " + s + " needs a value");
        a.options.put(name, args[++i]);
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  String get(String name, String orElse) {
    return options.getOrDefault(name, orElse);
  }

  /** A comma-separated list of {@code host:port} or plain ports (meaning 127.0.0.1). */
  static List<String> addresses(String list) {
    List<String> out = new ArrayList<>();
    for (String s : list.split(",")) {
      String t = s.strip();
      if (t.isEmpty()) continue;
      out.add(t.contains(":") ? t : "127.0.0.1:" + t);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no member addresses in \"" + list + "\"");
    return out;
  }
}
