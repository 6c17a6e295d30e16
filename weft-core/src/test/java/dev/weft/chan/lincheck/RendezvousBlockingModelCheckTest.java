package dev.weft.chan.lincheck;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import dev.weft.chan.SendResult;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking operations on rendezvous channels keep their contract in every interleaving Lincheck's
 * model checker explores (on platform threads): a value moves only from a sender to a receiver
 * that met, exactly once and in order; close, a context's cancellation and trySend/tryReceive
 * against a blocked counterpart settle each waiter one way; no interleaving hangs.
 *
 * <p>These are not linearizability checks: a hand-off needs both parties blocked at once, which a
 * sequential specification cannot express for Java blocking calls (Lincheck models blocking only
 * for Kotlin suspending functions). Each scenario asserts the outcomes allowed by the contract
 * instead; the checker reports a failed assertion or a hang together with the interleaving.
 * Assertions throw plain {@link AssertionError}s: Lincheck's tracing calls {@code equals} on
 * objects it meets, which AssertJ's assertion objects refuse.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RendezvousBlockingModelCheckTest {

  /** Test code run on a thread of the scenario. */
  private interface Body {
    void run() throws Exception;
  }

  private static Thread start(Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    t.start();
    return t;
  }

  private static void join(Thread... threads) {
    try {
      for (Thread t : threads) t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  private static boolean isValue(ReceiveResult<Integer> r, int v) {
    return r instanceof ReceiveResult.Value<Integer> value && value.value() == v;
  }

  @Test
  void handOffDeliversEveryValueExactlyOnce() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          Thread s1 = start(() -> ch.send(1));
          Thread s2 = start(() -> ch.send(2));
          List<Integer> got = new ArrayList<>();
          try {
            got.add(ch.receive());
            got.add(ch.receive());
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          join(s1, s2);
          check(got.size() == 2 && got.containsAll(List.of(1, 2)), "received " + got);
        });
  }

  @Test
  void closeSettlesBlockedSenderAndReceiver() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          SendResult[] sent = new SendResult[1];
          List<ReceiveResult<Integer>> got = new ArrayList<>();
          Thread s = start(() -> sent[0] = ch.sendResult(1));
          Thread r = start(() -> got.add(ch.receiveResult()));
          ch.close();
          join(s, r);
          boolean handedOff = sent[0].isSent() && isValue(got.get(0), 1);
          boolean bothClosed = sent[0] instanceof SendResult.Closed && got.get(0).isClosed();
          check(handedOff || bothClosed, "send " + sent[0] + ", receive " + got);
        });
  }

  @Test
  void trySendSucceedsOnlyIntoAWaitingReceiver() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          List<ReceiveResult<Integer>> got = new ArrayList<>();
          Thread r = start(() -> got.add(ch.receiveResult()));
          SendResult sent = ch.trySend(7);
          ch.close();
          join(r);
          boolean handedOff = sent.isSent() && isValue(got.get(0), 7);
          boolean refused = sent instanceof SendResult.Full && got.get(0).isClosed();
          check(handedOff || refused, "trySend " + sent + ", receive " + got);
        });
  }

  @Test
  void tryReceiveTakesOnlyFromAWaitingSender() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          SendResult[] sent = new SendResult[1];
          Thread s = start(() -> sent[0] = ch.sendResult(5));
          ReceiveResult<Integer> got = ch.tryReceive();
          ch.close();
          join(s);
          boolean handedOff = isValue(got, 5) && sent[0].isSent();
          boolean empty = got instanceof ReceiveResult.Empty && sent[0] instanceof SendResult.Closed;
          check(handedOff || empty, "tryReceive " + got + ", send " + sent[0]);
        });
  }

  @Test
  void selectTakesFromExactlyOneSender() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> a = Channel.unbuffered();
          Channel<Integer> b = Channel.unbuffered();
          SendResult[] sent = new SendResult[2];
          Thread sa = start(() -> sent[0] = a.sendResult(1));
          Thread sb = start(() -> sent[1] = b.sendResult(2));
          int v;
          try {
            // biased: Lincheck needs a deterministic choice between ready clauses
            v = new Select<Integer>().onReceive(a, x -> x).onReceive(b, x -> x).biased().select();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          a.close();
          b.close();
          join(sa, sb);
          int winner = v - 1;
          check(v == 1 || v == 2, "selected " + v);
          check(sent[winner].isSent(), "selected " + v + " but its send returned " + sent[winner]);
          check(sent[1 - winner] instanceof SendResult.Closed, "the other send returned " + sent[1 - winner]);
        });
  }

  @Test
  void cancellingTheContextSettlesABlockedReceiver() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          CancelContext ctx = Context.withCancel(Context.background());
          List<ReceiveResult<Integer>> got = new ArrayList<>();
          Thread r = start(() -> got.add(ch.receiveResult(ctx)));
          SendResult sent = ch.trySend(9);
          ctx.cancel();
          ch.close();
          join(r);
          ReceiveResult<Integer> g = got.get(0);
          boolean handedOff = sent.isSent() && isValue(g, 9);
          boolean gaveUp =
              sent instanceof SendResult.Full && (g instanceof ReceiveResult.Cancelled || g.isClosed());
          check(handedOff || gaveUp, "trySend " + sent + ", receive " + g);
        });
  }

  @Test
  void interruptingABlockedReceiverTakesNothing() {
    Lincheck.runConcurrentTest(
        LincheckSettings.SCENARIO_INVOCATIONS,
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          Object[] got = new Object[1];
          Thread r =
              new Thread(
                  () -> {
                    try {
                      got[0] = ch.receiveResult();
                    } catch (InterruptedException e) {
                      got[0] = e;
                    }
                  });
          r.start();
          SendResult sent = ch.trySend(4);
          r.interrupt();
          ch.close();
          join(r);
          boolean handedOff = sent.isSent() && got[0] instanceof ReceiveResult.Value<?> v && v.value().equals(4);
          boolean nothing =
              sent instanceof SendResult.Full
                  && (got[0] instanceof InterruptedException
                      || got[0] instanceof ReceiveResult.Closed<?>);
          check(handedOff || nothing, "trySend " + sent + ", receive " + got[0]);
        });
  }
}
