package com.agentmitra.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the shared environment: {@link TestDatabase} (embedded PostgreSQL 16, started and migrated once per
 * test JVM), {@link Fixtures}, and {@link InProcessAws} (SQS and S3 emulators reached through the real SDK). Use it
 * through {@link AgentMitraTest}.
 */
public final class AgentMitraExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == Fixtures.class || type == InProcessAws.class
                || type == AwsServices.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestDatabase.class) {
            return TestDatabase.get();
        }
        if (type == Fixtures.class) {
            return new Fixtures(TestDatabase.get());
        }
        return InProcessAws.shared();
    }
}
