package com.agentmitra.lambda;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What is logged while a test runs, one line an event, with the Powertools keys of the logging context. */
final class CapturedLogs implements AutoCloseable {

    private final StringWriter written = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context;

    private CapturedLogs() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = WriterAppender.createAppender(PatternLayout.newBuilder()
                        .withPattern("%level %message request=%X{function_request_id} function=%X{function_name}"
                                + " cold=%X{cold_start} error=%throwable{1}%n")
                        .build(),
                null, written, "invocation-test-" + System.nanoTime(), false, true);
        appender.start();
        // the root, and the loggers that do not pass their events on to it: each event is written once
        configuration.getLoggers().values().stream()
                .filter(logger -> logger.getParent() == null || !logger.isAdditive())
                .forEach(logger -> logger.addAppender(appender, Level.ALL, null));
        context.updateLoggers();
    }

    static CapturedLogs start() {
        return new CapturedLogs();
    }

    String text() {
        return written.toString();
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getLoggers().values().forEach(logger -> logger.removeAppender(appender.getName()));
        appender.stop();
        context.updateLoggers();
    }
}
