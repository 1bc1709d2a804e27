package dev.switchboard.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what the gateway logs (System.Logger goes to java.util.logging here). */
final class LogRecorder extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.switchboard.gateway");
    final List<String> lines = new CopyOnWriteArrayList<>();

    LogRecorder() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
