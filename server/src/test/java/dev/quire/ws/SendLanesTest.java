package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.testkit.Await;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The send lanes' own threads: order per lane, no lost wake-up, a failing task harms no other, and the stop. */
class SendLanesTest {

    @Test
    void tasksOfOneLaneRunInTheOrderQueued_fromManyThreads_noneLost() throws InterruptedException {
        try (SendLanes lanes = new SendLanes(1, Executors.defaultThreadFactory())) {
            Executor lane = lanes.next();
            int producers = 4;
            int each = 20_000;
            List<List<Integer>> seen = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                seen.add(Collections.synchronizedList(new ArrayList<>()));
            }
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                List<Integer> mine = seen.get(p);
                Thread t = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        int n = i;
                        lane.execute(() -> mine.add(n));
                        if (i % 1_000 == 0) {
                            Thread.yield(); // let the lane empty its queue and park, so wake-ups are exercised
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            Await.until(() -> seen.stream().allMatch(s -> s.size() == each), "every task ran");
            for (List<Integer> s : seen) {
                for (int i = 0; i < each; i++) {
                    assertEquals(i, s.get(i), "one producer's tasks run in its order");
                }
            }
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() {
        try (SendLanes lanes = new SendLanes(1, Executors.defaultThreadFactory())) {
            Executor lane = lanes.next();
            CountDownLatch after = new CountDownLatch(1);
            lane.execute(() -> {
                throw new IllegalStateException("a write that failed");
            });
            lane.execute(after::countDown);
            Await.until(() -> after.getCount() == 0, "the task after the failing one ran");
        }
    }

    @Test
    void closeRunsWhatWasQueued_thenRefusesNewTasks() throws InterruptedException {
        SendLanes lanes = new SendLanes(2, Executors.defaultThreadFactory());
        Executor lane = lanes.next();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(1);
        lane.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lane.execute(queuedRan::countDown);
        Thread closer = new Thread(lanes::close);
        closer.start();
        Await.until(() -> {
            try {
                lane.execute(() -> { });
                return false;
            } catch (RejectedExecutionException refused) {
                return true;
            }
        }, "new tasks are refused once closing");
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(0, queuedRan.getCount(), "the task queued before the close ran");
        assertThrows(RejectedExecutionException.class, () -> lanes.next().execute(() -> { }));
    }
}
