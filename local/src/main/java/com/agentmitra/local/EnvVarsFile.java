package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code local/invoke --env-vars FILE}, read as {@code sam local invoke --env-vars} reads it: a JSON object whose
 * {@code "Parameters"} object applies to every function and whose object under a function's logical id applies to
 * that function, winning over {@code "Parameters"}:
 * <pre>{"Parameters": {"LOG_LEVEL": "DEBUG"}, "WhatsappSenderFunction": {"WHATSAPP_API_BASE_URL": "http://127.0.0.1:8088"}}</pre>
 * As in SAM, only variables the function already has are overridden (those of {@code template.yaml}, and the ones
 * the local stack sets for it, such as the WhatsApp sandbox's stand-ins); other names are left out and named on
 * stderr. Values are strings, numbers or booleans. The file is bounded before it is parsed (64 KiB, 1,000
 * variables, names of at most 255 characters as Lambda allows, values of at most 4 KiB: Lambda's whole environment
 * is 4 KB); anything else is refused with the reason, and no value is ever printed.
 */
final class EnvVarsFile {

    static final int MAX_FILE_BYTES = 64 * 1024;
    static final int MAX_VARIABLES = 1_000;
    static final int MAX_VALUE_CHARS = 4 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");

    private final Map<String, String> parameters;
    private final Map<String, Map<String, String>> functions;

    private EnvVarsFile(Map<String, String> parameters, Map<String, Map<String, String>> functions) {
        this.parameters = parameters;
        this.functions = functions;
    }

    static EnvVarsFile read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--env-vars: cannot read " + file + ": " + e.getMessage());
        }
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("--env-vars: " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EnvVarsFile parse(String json) {
        if (json.length() > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("--env-vars: the file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("--env-vars: the file is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--env-vars: the file must hold a JSON object");
        }
        Map<String, String> parameters = Map.of();
        Map<String, Map<String, String>> functions = new LinkedHashMap<>();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            if (!NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("--env-vars: a key is not a logical id or \"Parameters\"");
            }
            Map<String, String> variables = variables(key, entry.getValue());
            count += variables.size();
            if (count > MAX_VARIABLES) {
                throw new IllegalArgumentException("--env-vars: more than " + MAX_VARIABLES + " variables");
            }
            if (key.equals("Parameters")) {
                parameters = variables;
            } else {
                functions.put(key, variables);
            }
        }
        return new EnvVarsFile(parameters, functions);
    }

    /**
     * What the file sets for this function, limited to the variables it has: {@code "Parameters"} first, then its
     * own object. Names the function does not have are added to {@code ignored}.
     */
    Map<String, String> overridesFor(String logicalId, java.util.Set<String> known, List<String> ignored) {
        Map<String, String> wanted = new LinkedHashMap<>(parameters);
        wanted.putAll(functions.getOrDefault(logicalId, Map.of()));
        Map<String, String> overrides = new LinkedHashMap<>();
        wanted.forEach((name, value) -> {
            if (known.contains(name)) {
                overrides.put(name, value);
            } else {
                ignored.add(name);
            }
        });
        return overrides;
    }

    private static Map<String, String> variables(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("--env-vars: \"" + key + "\" must be an object of variables");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (names.size() > MAX_VARIABLES) {
                throw new IllegalArgumentException("--env-vars: more than " + MAX_VARIABLES + " variables");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("--env-vars: \"" + key + "\" has a variable whose name is not "
                        + "letters, digits and _ (starting with a letter, at most 255)");
            }
            JsonNode value = node.get(name);
            if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw new IllegalArgumentException("--env-vars: " + key + "." + name
                        + " must be a string, a number or a boolean");
            }
            String text = value.asText();
            if (text.length() > MAX_VALUE_CHARS) {
                throw new IllegalArgumentException("--env-vars: " + key + "." + name + " is longer than "
                        + MAX_VALUE_CHARS + " characters");
            }
            variables.put(name, text);
        }
        return variables;
    }
}
