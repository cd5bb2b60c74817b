package com.agentmitra.whatsapp;

import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON body of a Graph API send (specs/whatsapp-cloud-api.md §1): text or template, with our outbox reference
 * in {@code biz_opaque_callback_data} so status webhooks can find the row even before we stored the wamid.
 */
final class MessageBody {

    private MessageBody() {}

    static String of(WhatsappMessage message, Optional<ApprovedTemplate> template, String outboxReference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", message.recipient());
        body.put("biz_opaque_callback_data", outboxReference);
        if (message.text() != null) {
            body.put("type", "text");
            body.put("text", Map.of("preview_url", false, "body", message.text()));
            return Json.write(body);
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (String value : message.template().parameters()) {
            parameters.add(Map.of("type", "text", "text", sanitised(value)));
        }
        List<Map<String, Object>> components = new ArrayList<>();
        if (!parameters.isEmpty()) {
            components.add(Map.of("type", "body", "parameters", parameters));
        }
        if (template.map(ApprovedTemplate::hasCodeButton).orElse(false) && !parameters.isEmpty()) {
            // authentication templates: the code goes again on the copy-code button (spec §1, OTP)
            components.add(Map.of("type", "button", "sub_type", "url", "index", "0",
                    "parameters", List.of(parameters.getFirst())));
        }
        Map<String, Object> tpl = new LinkedHashMap<>();
        tpl.put("name", message.template().name());
        tpl.put("language", Map.of("code", message.template().language(), "policy", "deterministic"));
        tpl.put("components", components);
        body.put("type", "template");
        body.put("template", tpl);
        return Json.write(body);
    }

    /** Meta refuses newlines, tabs and more than four spaces in a row in template parameters (#132018). */
    static String sanitised(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ").replaceAll(" {5,}", "    ").strip();
    }
}
