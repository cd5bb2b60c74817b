package com.agentmitra.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against the real environment: constructor or method parameters of type
 * {@link TestDatabase}, {@link Fixtures}, {@link InProcessAws} or {@link AwsServices} are provided.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(AgentMitraExtension.class)
public @interface AgentMitraTest {}
