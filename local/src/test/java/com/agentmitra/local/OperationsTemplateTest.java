package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.testing.CloudFormationYaml;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an on-call engineer relies on is in template.yaml for every function and queue, including the ones added
 * later: error and throttle alarms, a service name, logs with a retention, traces, and a place on the dashboard.
 */
class OperationsTemplateTest {

    private final Map<String, Object> template = CloudFormationYaml.read(Path.of("..", "template.yaml"));

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarmThatNotifyTheAlarmTopic() {
        for (String function : resourcesOfType("AWS::Serverless::Function").keySet()) {
            assertThat(alarmsOn("AWS/Lambda", "Errors", "FunctionName", function)).as(function + " errors").isNotEmpty();
            assertThat(alarmsOn("AWS/Lambda", "Throttles", "FunctionName", function)).as(function + " throttles")
                    .isNotEmpty();
        }
        resourcesOfType("AWS::CloudWatch::Alarm").forEach((name, alarm) -> assertThat(
                String.valueOf(properties(alarm).get("AlarmActions"))).as(name).contains("AlarmTopic"));
    }

    @Test
    void everyQueueIsWatchedForAgeOrDepth() {
        for (String queue : resourcesOfType("AWS::SQS::Queue").keySet()) {
            boolean watched = !alarmsOn("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", queue).isEmpty()
                    || !alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue).isEmpty();
            boolean drained = resourcesOfType("AWS::SQS::Queue").values().stream()
                    .anyMatch(other -> String.valueOf(properties(other).get("RedrivePolicy")).contains(queue));
            // a main queue with a dead-letter queue is watched by its age; a dead-letter queue by its depth
            assertThat(watched).as(queue + (drained ? " (a dead-letter queue)" : "")).isTrue();
        }
    }

    @Test
    void everyFunctionNamesItsServiceAndLogsToTheOneGroupWithARetention() {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        assertThat(globals.get("Tracing")).isEqualTo("Active");
        assertThat(String.valueOf(map(globals.get("LoggingConfig")).get("LogGroup"))).contains("FunctionLogGroup");

        resourcesOfType("AWS::Serverless::Function").forEach((name, function) -> {
            Map<String, Object> variables = map(map(properties(function).get("Environment")).get("Variables"));
            assertThat(variables).as(name).containsKey("POWERTOOLS_SERVICE_NAME");
            assertThat(properties(function)).as(name + " keeps the shared logging config")
                    .doesNotContainKey("LoggingConfig");
        });
        resourcesOfType("AWS::Logs::LogGroup").forEach((name, group) ->
                assertThat(properties(group)).as(name).containsKey("RetentionInDays"));
    }

    @Test
    void snapStartIsOnlyAskedForWhereLambdaSupportsIt() {
        // SnapStart supports neither provisioned concurrency, nor EFS, nor more than 512 MB of ephemeral storage:
        // a published version asking for both fails to deploy
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        resourcesOfType("AWS::Serverless::Function").forEach((name, function) -> {
            Map<String, Object> properties = properties(function);
            Object snapStart = properties.containsKey("SnapStart") ? properties.get("SnapStart") : globals.get("SnapStart");
            boolean on = snapStart != null && "PublishedVersions".equals(map(snapStart).get("ApplyOn"));
            if (!on) {
                return;
            }
            Object storage = properties.containsKey("EphemeralStorage") ? properties.get("EphemeralStorage")
                    : globals.get("EphemeralStorage");
            if (storage != null) {
                assertThat(Integer.parseInt(String.valueOf(map(storage).get("Size")))).as(name + " /tmp with SnapStart")
                        .isLessThanOrEqualTo(512);
            }
            assertThat(properties).as(name + " with SnapStart").doesNotContainKeys("ProvisionedConcurrencyConfig",
                    "FileSystemConfigs");
        });
    }

    @Test
    void theDatabaseConnectionAlarmCountsTheLineTheConnectionPoolLogs() {
        Map<String, Object> filter = properties(template("DatabaseConnectionErrorsFilter"));

        assertThat(filter.get("FilterPattern")).isEqualTo("\"" + ConnectionPool.CONNECTION_FAILED + "\"");
        assertThat(alarmsOn("AgentMitra", "DatabaseConnectionErrors", null, null)).isNotEmpty();
    }

    @Test
    void apiAccessLogsAreJsonWithoutHeadersQueriesOrBodies() {
        Map<String, Object> api = properties(template("Api"));
        String format = String.valueOf(map(api.get("AccessLogSetting")).get("Format"));

        assertThat(api.get("TracingEnabled")).isEqualTo(true);
        assertThat(format).startsWith("{").endsWith("}").contains("$context.requestId", "$context.status",
                "$context.resourcePath", "$context.responseLatency");
        assertThat(format.toLowerCase()).doesNotContain("header", "querystring", "body", "token", "$context.path",
                "authorization");
        assertThat(String.valueOf(api.get("MethodSettings"))).contains("DataTraceEnabled=false");
    }

    @Test
    void theDashboardShowsEveryFunction() {
        String body = String.valueOf(properties(template("Dashboard")).get("DashboardBody"));

        for (String function : resourcesOfType("AWS::Serverless::Function").keySet()) {
            assertThat(body).as(function).contains("${" + function + "}");
        }
        assertThat(body).contains("platform.restoreStart", "MessagesAccepted", "RemindersQueued", "ImportsFailed",
                "CallbacksEscalated", "Latency");
    }

    private List<String> alarmsOn(String namespace, String metric, String dimension, String resource) {
        return resourcesOfType("AWS::CloudWatch::Alarm").entrySet().stream().filter(alarm -> {
            Map<String, Object> properties = properties(alarm.getValue());
            if (!namespace.equals(properties.get("Namespace")) || !metric.equals(properties.get("MetricName"))) {
                return false;
            }
            return dimension == null || String.valueOf(properties.get("Dimensions"))
                    .matches("(?s).*Name=" + dimension + ", Value=\\{(Ref|Fn::GetAtt)=\\[?" + resource + "\\b.*");
        }).map(Map.Entry::getKey).collect(Collectors.toList());
    }

    private Map<String, Object> resourcesOfType(String type) {
        Map<String, Object> found = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((name, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(name, resource);
            }
        });
        return found;
    }

    private Object template(String resource) {
        return map(template.get("Resources")).get(resource);
    }

    private static Map<String, Object> properties(Object resource) {
        return map(map(resource).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

}
