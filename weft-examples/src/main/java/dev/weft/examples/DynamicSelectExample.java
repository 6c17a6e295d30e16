package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Chosen;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A select over a set of channels whose size is known only at run time, which reports the index
 * of the channel that fired.
 *
 * <p>Go's {@code select} statement has a fixed set of cases written in the source; for a slice of
 * channels Go offers {@code reflect.Select(cases)}, which returns the index of the chosen case and
 * the value. weft's {@link Select} is built at run time anyway: {@link Select#onReceiveAny} adds
 * one receive clause per channel of a list, and its handler gets a {@link Chosen} with the
 * channel's index in the list, the clause number and the {@link ReceiveResult}. Send clauses over
 * a list are a loop of {@link Select#onSend} calls, each handler capturing its index.
 *
 * <p>Part 1: the number of sensors comes from a configuration read at run time; one select
 * collects every reading and tells which sensor sent it. Part 2: a dispatcher hands each job to
 * whichever of N workers is free first, with one send clause per worker.
 *
 * <p>What to look for: every reading attributed to its sensor by index; every job handled by
 * exactly one worker (which one depends on timing, so only the totals are printed).
 */
final class DynamicSelectExample implements Example {

  @Override
  public String name() {
    return "dynamic-select";
  }

  @Override
  public String description() {
    return "select over N channels chosen at run time, reporting which one fired";
  }

  @Override
  public String goIdiom() {
    return "Go's `reflect.Select` over a slice of `reflect.SelectCase`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    // Part 1: N receive clauses, N known at run time.
    List<String> sensors = List.of("boiler", "garage", "attic", "cellar"); // e.g. from a config file
    List<Channel<Integer>> readings = new ArrayList<>();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < sensors.size(); i++) {
      Channel<Integer> ch = Channel.buffered(2);
      readings.add(ch);
      int base = (i + 1) * 10;
      wg.go(() -> {
        for (int r = 0; r <= base / 20; r++) ch.send(base + r);
        ch.close();
      });
    }
    out.println("part 1: one select over " + sensors.size() + " sensors");
    Map<String, List<Integer>> bySensor = new TreeMap<>();
    Select<Void> collect = new Select<>();
    collect.onReceiveAny(readings, c -> {
      switch (c.result()) {
        case ReceiveResult.Value<Integer>(Integer v) ->
            bySensor.computeIfAbsent(sensors.get(c.index()), k -> new ArrayList<>()).add(v);
        default -> collect.disable(c.clause()); // closed: that sensor is done
      }
      return null;
    });
    while (collect.enabledCount() > 0) collect.select();
    wg.await();
    bySensor.forEach((s, v) -> out.println("  " + s + ": " + v));

    // Part 2: N send clauses, one per worker; each job goes to whichever worker is free.
    int workers = 3;
    int jobs = 9;
    List<Channel<Integer>> inboxes = new ArrayList<>();
    int[] handled = new int[workers];
    for (int w = 0; w < workers; w++) {
      Channel<Integer> inbox = Channel.unbuffered();
      inboxes.add(inbox);
      int me = w;
      wg.go(() -> {
        for (Integer job : inbox) handled[me] += job;
      });
    }
    out.println("part 2: dispatch " + jobs + " jobs over " + workers + " workers");
    int[] dispatched = new int[workers];
    for (int job = 1; job <= jobs; job++) {
      Select<Integer> dispatch = new Select<>();
      for (int w = 0; w < workers; w++) {
        int me = w;
        dispatch.onSend(inboxes.get(w), job, () -> me);
      }
      dispatched[dispatch.select()]++; // select() returns the index of the worker that took it
    }
    for (Channel<Integer> inbox : inboxes) inbox.close();
    wg.await(); // happens-after every worker's writes to handled
    int sent = 0;
    int sum = 0;
    for (int w = 0; w < workers; w++) {
      sent += dispatched[w];
      sum += handled[w];
    }
    out.println("  dispatched: " + sent + ", sum of the job numbers the workers got: " + sum
        + " (1 + 2 + ... + 9 = 45: each job exactly once)");
  }
}
