package com.agentmitra.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the application logs while a test runs, through the same Log4j configuration as in Lambda: for
 * proving that no secret (password, OTP, token) reaches a log.
 */
public final class LogCapture implements AutoCloseable {

    private final StringWriter written = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context;

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = WriterAppender.createAppender(
                PatternLayout.newBuilder().withPattern("%level %logger %message %throwable%n").build(),
                null, written, "test-capture-" + System.nanoTime(), false, true);
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        configuration.getLoggers().values().forEach(logger -> logger.addAppender(appender, Level.ALL, null));
        context.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** All log lines so far. */
    public String text() {
        return written.toString();
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(appender.getName());
        configuration.getLoggers().values().forEach(logger -> logger.removeAppender(appender.getName()));
        appender.stop();
        context.updateLoggers();
    }
}
