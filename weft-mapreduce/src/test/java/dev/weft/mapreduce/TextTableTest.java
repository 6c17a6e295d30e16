package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TextTable} against a {@code HashMap}: keys of every length (both length encodings),
 * growth from a small table, clearing and reuse; the stored hash is the spread {@code
 * String.hashCode()} of the key.
 */
class TextTableTest {

  private static void add(TextTable t, String key, long v) {
    byte[] b = ("##" + key + "#").getBytes(StandardCharsets.UTF_8); // the key inside a larger array
    int to = b.length - 1;
    int hash = Hashing.spread(key.hashCode());
    int f = t.find(b, 2, to, hash);
    if (f >= 0) t.slots[2 * f + 1] += v;
    else t.insert(f, b, 2, to, hash, v);
  }

  private static Map<String, Long> contents(TextTable t) {
    Map<String, Long> m = new HashMap<>();
    for (int s = 0; s < t.capacity(); s++) {
      if (!t.occupied(s)) continue;
      String k = t.key(s);
      assertThat(t.hash(s)).isEqualTo(Hashing.spread(k.hashCode()));
      assertThat(m.put(k, t.longValue(s))).as("duplicate key %s", k).isNull();
    }
    return m;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void holdsWhatAHashMapHolds(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TextTable t = new TextTable(4);
    for (int round = 0; round < 2; round++) {
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < 20_000; i++) {
        int len = rnd.nextInt(10) == 0 ? 120 + rnd.nextInt(20) : rnd.nextInt(6);
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < len; j++) b.append(rnd.nextInt(8) == 0 ? 'é' : (char) ('a' + rnd.nextInt(3)));
        String key = b.toString();
        long v = rnd.nextLong(100);
        add(t, key, v);
        expected.merge(key, v, Long::sum);
      }
      assertThat(t.size).isEqualTo(expected.size());
      assertThat(contents(t)).isEqualTo(expected);
      t.clear(16);
      assertThat(t.size).isZero();
      assertThat(contents(t)).isEmpty();
    }
  }
}
