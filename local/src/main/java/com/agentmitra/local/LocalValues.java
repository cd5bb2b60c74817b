package com.agentmitra.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the template's values for this machine: parameters take their defaults (except {@code AllowedOrigins},
 * which allows the portal's dev server), {@code !Ref} of a queue is the local queue URL, of a bucket the local bucket
 * name; then each function's environment is pointed at the local database and the in-process SQS and S3.
 */
final class LocalValues {

    static final String ACCOUNT = "000000000000";
    static final String REGION = "ap-south-1";
    /** The portal's usual dev origin (its dev server, Vite's default port), allowed by the local stack by default. */
    static final String PORTAL_DEV_ORIGIN = "http://localhost:5173";
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private final SamTemplate template;
    private final Map<String, String> queueUrls;
    private final Map<String, String> appDatabase;
    private final Map<String, String> ownerDatabase;
    private final Map<String, String> aws;
    private final java.nio.file.Path data;
    private final String allowedOrigins;
    private final Map<String, String> whatsapp;

    /**
     * The browser origins from this process's {@code ALLOWED_ORIGINS} ({@link #allowedOrigins}), the Graph API from
     * its {@code WHATSAPP_*} variables ({@link #whatsappOverrides}).
     */
    LocalValues(SamTemplate template, Map<String, String> queueUrls, Map<String, String> appDatabase,
            Map<String, String> ownerDatabase, Map<String, String> aws, java.nio.file.Path data) {
        this(template, queueUrls, appDatabase, ownerDatabase, aws, data, allowedOrigins(System.getenv()),
                whatsappOverrides(System.getenv()));
    }

    LocalValues(SamTemplate template, Map<String, String> queueUrls, Map<String, String> appDatabase,
            Map<String, String> ownerDatabase, Map<String, String> aws, java.nio.file.Path data,
            String allowedOrigins) {
        this(template, queueUrls, appDatabase, ownerDatabase, aws, data, allowedOrigins, Map.of());
    }

    LocalValues(SamTemplate template, Map<String, String> queueUrls, Map<String, String> appDatabase,
            Map<String, String> ownerDatabase, Map<String, String> aws, java.nio.file.Path data,
            String allowedOrigins, Map<String, String> whatsapp) {
        this.template = template;
        this.allowedOrigins = allowedOrigins;
        this.whatsapp = Map.copyOf(whatsapp);
        this.data = data.toAbsolutePath();
        this.queueUrls = Map.copyOf(queueUrls);
        this.appDatabase = Map.copyOf(appDatabase);
        this.ownerDatabase = Map.copyOf(ownerDatabase);
        this.aws = Map.copyOf(aws);
    }

    /**
     * The browser origins the local stack allows, a comma list like the stack parameter {@code AllowedOrigins}:
     * {@code ALLOWED_ORIGINS} when it is set (set and empty allows none), else the portal's dev server.
     */
    static String allowedOrigins(Map<String, String> environment) {
        String value = environment.get("ALLOWED_ORIGINS");
        return value == null ? PORTAL_DEV_ORIGIN : value.strip();
    }

    /** The variables of this process that point the WhatsApp functions at another Graph API than the sandbox. */
    static final List<String> WHATSAPP_OVERRIDES = List.of("WHATSAPP_API_BASE_URL", "WHATSAPP_TOKEN",
            "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_BUSINESS_ACCOUNT_ID");

    /**
     * What replaces the sandbox's stand-ins for the WhatsApp functions: each of {@link #WHATSAPP_OVERRIDES} that is
     * set and not blank. The base URL must be an absolute http(s) URL without credentials; the values are bounded
     * (2,048 characters) and never printed.
     */
    static Map<String, String> whatsappOverrides(Map<String, String> environment) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String name : WHATSAPP_OVERRIDES) {
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            value = value.strip();
            if (value.length() > 2_048) {
                throw new IllegalArgumentException(name + " is longer than 2,048 characters");
            }
            overrides.put(name, value);
        }
        String base = overrides.get("WHATSAPP_API_BASE_URL");
        if (base != null) {
            java.net.URI uri;
            try {
                uri = new java.net.URI(base);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("WHATSAPP_API_BASE_URL is not a URL");
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                throw new IllegalArgumentException(
                        "WHATSAPP_API_BASE_URL must be an http(s) URL with a host, no user info and no query");
            }
        }
        return overrides;
    }

    /** Where the WhatsApp sender sends: the sandbox, or {@code WHATSAPP_API_BASE_URL} when it is given. */
    String whatsappBaseUrl() {
        return whatsapp.getOrDefault("WHATSAPP_API_BASE_URL", WhatsappSandbox.base(WhatsappSandbox.PORT));
    }

    /** The queue name a template queue gets locally: its QueueName, else its logical id. */
    static String queueName(SamTemplate template, String logicalId) {
        Object name = template.resourceProperties(logicalId).get("QueueName");
        return name instanceof String text && !text.contains("${") ? text : logicalId;
    }

    /** The bucket name a template bucket gets locally (S3 names are lower case). */
    static String bucketName(String logicalId) {
        return logicalId.toLowerCase(java.util.Locale.ROOT);
    }

    /** The function's environment as Lambda would see it, with local endpoints and credentials. */
    Map<String, String> environmentFor(SamTemplate.Function function) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> environment.put(name, resolve(value)));
        // the migrate function reads the owner's secret in AWS; locally it connects as the owner directly
        // (declared in the template: its value is a stack parameter, empty here)
        boolean owner = function.environment().get("DB_SECRET_ID") != null;
        List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ID", "DB_IAM_AUTH").forEach(environment::remove);
        environment.putAll(owner ? ownerDatabase : appDatabase);
        environment.remove("APP_DB_IAM_AUTH");
        environment.putAll(aws);
        if (function.environment().containsKey("WHATSAPP_PHONE_NUMBER_ID")) {
            // the WhatsApp functions talk to the recording sandbox, with local stand-ins for their secrets
            List.of("WHATSAPP_TOKEN_SECRET_ID", "WHATSAPP_APP_SECRET_ID", "WHATSAPP_VERIFY_TOKEN_SECRET_ID")
                    .forEach(environment::remove);
            environment.putAll(WhatsappSandbox.environment(WhatsappSandbox.PORT));
            // another Graph API (a strict fake, Meta's own) when this process's environment names one
            environment.putAll(whatsapp);
        }
        // the auth function's local signing keys live with the rest of this stack's data, wherever it runs from
        environment.put("DEV_AUTH_KEYS_FILE", data.resolve("dev-auth-keys.json").toString());
        // every function answers CORS for the origins the local API's preflight allows
        environment.put("ALLOWED_ORIGINS", allowedOrigins);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        return environment;
    }

    String resolve(Object value) {
        return switch (value) {
            case null -> "";
            case String text -> text;
            case Number number -> number.toString();
            case Boolean bool -> bool.toString();
            case Map<?, ?> intrinsic when intrinsic.containsKey("Ref") -> ref(String.valueOf(intrinsic.get("Ref")));
            case Map<?, ?> intrinsic when intrinsic.containsKey("Fn::GetAtt") -> getAtt(intrinsic.get("Fn::GetAtt"));
            case Map<?, ?> intrinsic when intrinsic.containsKey("Fn::Sub") -> sub(intrinsic.get("Fn::Sub"));
            default -> "";
        };
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::StackName":
                return "agent-mitra-local";
            default:
                break;
        }
        if (name.equals("AllowedOrigins")) {
            return allowedOrigins;
        }
        Map<String, Object> parameters = template.parameterDefaults();
        if (parameters.containsKey(name)) {
            return resolve(parameters.get(name));
        }
        return switch (template.resourceType(name).orElse("")) {
            case "AWS::SQS::Queue" -> queueUrls.getOrDefault(name, "");
            case "AWS::S3::Bucket" -> bucketName(name);
            default -> name;
        };
    }

    private String getAtt(Object target) {
        String path = target instanceof List<?> list ? list.get(0) + "." + list.get(1) : String.valueOf(target);
        int dot = path.indexOf('.');
        String resource = dot < 0 ? path : path.substring(0, dot);
        String attribute = dot < 0 ? "" : path.substring(dot + 1);
        String type = template.resourceType(resource).orElse("");
        if (type.equals("AWS::SQS::Queue")) {
            return switch (attribute) {
                case "Arn" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName(template, resource);
                case "QueueName" -> queueName(template, resource);
                default -> queueUrls.getOrDefault(resource, "");
            };
        }
        if (type.equals("AWS::S3::Bucket")) {
            return attribute.equals("Arn") ? "arn:aws:s3:::" + bucketName(resource) : bucketName(resource);
        }
        return "local-" + resource + "-" + attribute;
    }

    private String sub(Object expression) {
        String text = expression instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(expression);
        Matcher matcher = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name.contains(".") && !name.startsWith("AWS::") ? getAtt(name) : ref(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
