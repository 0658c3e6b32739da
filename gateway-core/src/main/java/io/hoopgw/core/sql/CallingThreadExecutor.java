package io.hoopgw.core.sql;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the thread that submits it. JSqlParser's {@code parseStatements(String)} starts a fresh,
 * never-stopped thread pool per call; handing it this executor instead keeps gateway-core free of threads of its
 * own (the statement-length guardrail bounds how long a parse can take).
 */
final class CallingThreadExecutor extends AbstractExecutorService {
    static final CallingThreadExecutor INSTANCE = new CallingThreadExecutor();

    private CallingThreadExecutor() {
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("shared executor");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new UnsupportedOperationException("shared executor");
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
