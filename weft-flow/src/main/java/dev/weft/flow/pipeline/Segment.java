package dev.weft.flow.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of neighbouring stages that share threads: stages {@code first} to {@code last}
 * (inclusive) of a pipeline. The first stage, the head, reads the segment's input channel (or is
 * the source); each later stage is <i>fused</i>: the stage before it hands it each item by a
 * plain call ({@link Port#send} to a {@link Link}) on the same thread; the last stage sends to the
 * next segment's channel (or is the sink). A segment of one stage is a stage as it always ran.
 *
 * <p>Implementation notes. Stage {@code i + 1} joins the segment of stage {@code i} when:
 *
 * <ul>
 *   <li>both have parallelism 1: one thread runs the segment, so the items reach every stage in
 *       the order the head produced them, and no stage's function is ever called by two threads
 *       at once (what a stage with parallelism 1 promises). Stages with more threads are not
 *       fused even with each other: a user who gave a stage n threads asked for n items in its
 *       function at once, and fusing two such stages would halve that for each;
 *   <li>both are {@linkplain StageOptions#fusible() fusible};
 *   <li>stage {@code i + 1} is not a {@code batch}: a batch must watch its timer while its input
 *       is idle, which it cannot do from inside the call of the stage before it. A batch heads a
 *       segment; the stages after it may join it.
 * </ul>
 *
 * <p>Ordering and error policies need no rule: with one thread, order is the head's order, and
 * each fused stage applies its own {@link ErrorPolicy} to its own function's failures ({@link
 * Link}).
 */
record Segment(int first, int last) {

  /** The segments of {@code stages}, in order; each stage is in exactly one. */
  static List<Segment> plan(List<Stage> stages) {
    List<Segment> out = new ArrayList<>();
    int first = 0;
    for (int i = 1; i <= stages.size(); i++) {
      if (i == stages.size() || !fuses(stages.get(i - 1), stages.get(i))) {
        out.add(new Segment(first, i - 1));
        first = i;
      }
    }
    return List.copyOf(out);
  }

  /** Whether {@code next} joins the segment of {@code prev}, the stage before it. */
  static boolean fuses(Stage prev, Stage next) {
    StageOptions p = prev.options();
    StageOptions n = next.options();
    return p.parallelism() == 1
        && n.parallelism() == 1
        && p.fusible()
        && n.fusible()
        && !(next instanceof Stage.Batch);
  }

  boolean isFused() {
    return last > first;
  }
}
