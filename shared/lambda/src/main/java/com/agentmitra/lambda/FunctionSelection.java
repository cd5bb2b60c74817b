package com.agentmitra.lambda;

import com.agentmitra.config.Env;
import java.util.Arrays;

/**
 * Which of a module's functions this Lambda runs ({@code SPRING_CLOUD_FUNCTION_DEFINITION}): an initializer builds
 * only those, so a function never needs another's configuration or pays for its start-up. With no definition
 * (tests that look at the whole module) every function is built.
 */
public final class FunctionSelection {

    private FunctionSelection() {}

    public static boolean wants(String functionName) {
        return Env.get("SPRING_CLOUD_FUNCTION_DEFINITION")
                .map(definition -> Arrays.stream(definition.split("[|,;]"))
                        .map(String::strip)
                        .anyMatch(functionName::equals))
                .orElse(true);
    }
}
