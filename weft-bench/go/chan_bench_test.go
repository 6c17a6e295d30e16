// Package bench holds the Go versions of weft-bench's channel shapes, so that weft's JMH scores
// can be read next to Go's runtime channels on the same machine.
//
// Every benchmark reports ns per message, as the JMH suites do: per send+receive pair, per
// non-blocking send+receive pair, or per select. Producers and consumers are goroutines. Run
// through weft-bench/run-channels.sh, or:
//
//	go test -run '^$' -bench . -benchmem -cpu 1,2
//	go test -run '^$' -bench . -benchmem -cpu 1,2 -args -stages=1000
package bench

import (
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var stages = flag.Int("stages", 10000, "channels in the chained shape, and channel pairs in the parallel shape")

// message is what every shape sends: a pointer, like the shared object of the JMH suites.
var message = new(int)

// Rendezvous: one producer, one consumer, unbuffered channel. JMH: RendezvousSpscBenchmark.
func BenchmarkRendezvous(b *testing.B) {
	spsc(b, 0)
}

// Buffered: one producer, one consumer. JMH: BufferedSpscBenchmark.
func BenchmarkBuffered(b *testing.B) {
	for _, capacity := range []int{16, 100} {
		b.Run(fmt.Sprintf("cap=%d", capacity), func(b *testing.B) { spsc(b, capacity) })
	}
}

func spsc(b *testing.B, capacity int) {
	ch := make(chan *int, capacity)
	var wg sync.WaitGroup
	wg.Add(2)
	b.ResetTimer()
	go func() {
		defer wg.Done()
		for i := 0; i < b.N; i++ {
			ch <- message
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < b.N; i++ {
			<-ch
		}
	}()
	wg.Wait()
}

// Chained: *stages channels, a goroutine per stage forwarding each value to the next channel;
// goroutine start-up is timed, as in the JMH suite. JMH: ChainedBenchmark.
func BenchmarkChained(b *testing.B) {
	for _, capacity := range []int{0, 16, 100} {
		b.Run(fmt.Sprintf("cap=%d", capacity), func(b *testing.B) {
			n := *stages
			elements := (b.N + n - 1) / n
			start := time.Now()
			channels := make([]chan *int, n)
			for i := range channels {
				channels[i] = make(chan *int, capacity)
			}
			var wg sync.WaitGroup
			wg.Add(n + 1)
			go func() {
				defer wg.Done()
				first := channels[0]
				for i := 0; i < elements; i++ {
					first <- message
				}
			}()
			for s := 1; s < n; s++ {
				in, out := channels[s-1], channels[s]
				go func() {
					defer wg.Done()
					for i := 0; i < elements; i++ {
						out <- <-in
					}
				}()
			}
			go func() {
				defer wg.Done()
				last := channels[n-1]
				for i := 0; i < elements; i++ {
					<-last
				}
			}()
			wg.Wait()
			perPair(b, start, elements*n)
		})
	}
}

// Parallel: *stages independent channels, each with its own producer and consumer; goroutine
// start-up is timed. JMH: ParallelBenchmark.
func BenchmarkParallel(b *testing.B) {
	for _, capacity := range []int{0, 16, 100} {
		b.Run(fmt.Sprintf("cap=%d", capacity), func(b *testing.B) {
			n := *stages
			elements := (b.N + n - 1) / n
			start := time.Now()
			var wg sync.WaitGroup
			wg.Add(2 * n)
			for p := 0; p < n; p++ {
				ch := make(chan *int, capacity)
				go func() {
					defer wg.Done()
					for i := 0; i < elements; i++ {
						ch <- message
					}
				}()
				go func() {
					defer wg.Done()
					for i := 0; i < elements; i++ {
						<-ch
					}
				}()
			}
			wg.Wait()
			perPair(b, start, elements*n)
		})
	}
}

// perPair replaces ns/op by the time per send+receive pair actually moved (b.N rounded up to a
// multiple of the stage count).
func perPair(b *testing.B, start time.Time, pairs int) {
	b.StopTimer()
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(pairs), "ns/op")
}

// Select: a consumer receives through select over 1 or 2 unbuffered channels, each fed by its own
// producer. JMH: SelectBenchmark.
func BenchmarkSelect(b *testing.B) {
	b.Run("clauses=1", func(b *testing.B) {
		ch := make(chan *int)
		go func() {
			for i := 0; i < b.N; i++ {
				ch <- message
			}
		}()
		for i := 0; i < b.N; i++ {
			select {
			case <-ch:
			}
		}
	})
	b.Run("clauses=2", func(b *testing.B) {
		ch1, ch2 := make(chan *int), make(chan *int)
		n1 := b.N / 2
		go func() {
			for i := 0; i < n1; i++ {
				ch1 <- message
			}
		}()
		go func() {
			for i := n1; i < b.N; i++ {
				ch2 <- message
			}
		}()
		for i := 0; i < b.N; i++ {
			select {
			case <-ch1:
			case <-ch2:
			}
		}
	})
}

// TryOps: non-blocking send then non-blocking receive (select with default) on a buffered channel
// of 16, one goroutine. JMH: TryOpsBenchmark.
func BenchmarkTryOps(b *testing.B) {
	ch := make(chan *int, 16)
	received := 0
	for i := 0; i < b.N; i++ {
		select {
		case ch <- message:
		default:
		}
		select {
		case <-ch:
			received++
		default:
		}
	}
	if received != b.N {
		b.Fatalf("received %d of %d", received, b.N)
	}
}

// TimedSelect: select over a receive and a timer that is reused (Reset) for every select, the
// idiom that avoids a timer per call. "fires": nothing is sent, every select ends by its timeout
// of 100 µs or 1 ms (included in the score); "ready": a producer keeps the channel ready, the 1 s
// timeout never fires. JMH: TimedSelectFiresBenchmark, TimedSelectReadyBenchmark.
func BenchmarkTimedSelect(b *testing.B) {
	for _, timeout := range []time.Duration{100 * time.Microsecond, time.Millisecond} {
		b.Run(fmt.Sprintf("fires=%dus", timeout.Microseconds()), func(b *testing.B) {
			ch := make(chan *int)
			t := stoppedTimer()
			for i := 0; i < b.N; i++ {
				t.Reset(timeout)
				select {
				case <-ch:
					b.Fatal("nothing was sent")
				case <-t.C:
				}
			}
		})
	}
	b.Run("ready", func(b *testing.B) {
		ch := make(chan *int)
		go func() {
			for i := 0; i < b.N; i++ {
				ch <- message
			}
		}()
		t := stoppedTimer()
		for received := 0; received < b.N; {
			t.Reset(time.Second)
			select {
			case <-ch:
				received++
				if !t.Stop() {
					<-t.C
				}
			case <-t.C:
			}
		}
	})
}

func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	if !t.Stop() {
		<-t.C
	}
	return t
}

// MPMC: 500 producers and 500 consumers on one channel of 16, each doing consumeCPU(100) per
// operation (producers before each send, consumers after each receive). JMH: MpmcBenchmark.
func BenchmarkMPMC(b *testing.B) {
	const producers, consumers, workTokens = 500, 500, 100
	b.Run("cap=16", func(b *testing.B) {
		ch := make(chan *int, 16)
		var wg sync.WaitGroup
		wg.Add(producers + consumers)
		for p := 0; p < producers; p++ {
			n := share(b.N, producers, p)
			go func() {
				defer wg.Done()
				for i := 0; i < n; i++ {
					consumeCPU(workTokens)
					ch <- message
				}
			}()
		}
		for c := 0; c < consumers; c++ {
			n := share(b.N, consumers, c)
			go func() {
				defer wg.Done()
				for i := 0; i < n; i++ {
					<-ch
					consumeCPU(workTokens)
				}
			}()
		}
		wg.Wait()
	})
}

// share is party i's part of total messages split over parties.
func share(total, parties, i int) int {
	n := total / parties
	if i < total%parties {
		n++
	}
	return n
}

var consumedCPU int64

// consumeCPU burns CPU like JMH's Blackhole.consumeCPU: the same arithmetic per token.
func consumeCPU(tokens int64) {
	t := atomic.LoadInt64(&consumedCPU)
	for i := tokens; i > 0; i-- {
		t += (t*0x5DEECE66D + 0xB + i) & 0xFFFFFFFFFFFF
	}
	if t == 42 {
		atomic.AddInt64(&consumedCPU, t)
	}
}
