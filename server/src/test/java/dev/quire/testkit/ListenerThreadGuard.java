package dev.quire.testkit;

import dev.quire.server.QuireServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Wraps storage interfaces so that every call that may wait for the disk, made on a thread that reads sockets (a
 * thread of the listener, named {@link QuireServer#LISTENER_THREADS}...), is recorded with who made it. A call that
 * returns a {@link CompletionStage} only queues work (it returns before the disk is touched), and {@link #MEMORY_ONLY}
 * names the few synchronous ones that never touch it; every other method of the wrapped interface counts, including
 * those added later. Thread-safe.
 */
public final class ListenerThreadGuard {
    /** Synchronous store calls that work in memory only (the write queue's admission, which refuses rather than waits). */
    private static final Set<String> MEMORY_ONLY = Set.of("reserveAppend", "close", "toString", "hashCode", "equals");

    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    /** {@code target} behind the guard, as {@code type}. */
    public <T> T wrap(Class<T> type, T target) {
        InvocationHandler handler = (proxy, method, args) -> {
            check(type, method);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Each recorded call once: {@code Store.method <- the first Quire frame that called it}, in the order seen. */
    public List<String> violations() {
        return violations.stream().distinct().toList();
    }

    private void check(Class<?> type, Method method) {
        if (!Thread.currentThread().getName().startsWith(QuireServer.LISTENER_THREADS)
                || MEMORY_ONLY.contains(method.getName())
                || CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return;
        }
        violations.add(type.getSimpleName() + "." + method.getName() + " <- " + caller());
    }

    /** The first frames of Quire's main code on the stack, below the proxy: who made the call, and through whom. */
    private static String caller() {
        return Arrays.stream(Thread.currentThread().getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("dev.quire.")
                        && !frame.getClassName().startsWith("dev.quire.testkit."))
                .limit(3)
                .map(frame -> frame.getClassName().substring("dev.quire.".length()) + "." + frame.getMethodName())
                .collect(Collectors.joining(" <- "));
    }
}
