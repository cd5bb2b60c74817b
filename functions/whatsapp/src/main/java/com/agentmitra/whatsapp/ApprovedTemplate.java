package com.agentmitra.whatsapp;

/** A row of {@code shared.whatsapp_templates} as the sender needs it. */
record ApprovedTemplate(String name, String language, String category, int parameterCount, String approvalStatus,
        boolean hasCodeButton) {

    boolean isAuthentication() {
        return "AUTHENTICATION".equals(category);
    }

    boolean isMarketing() {
        return "MARKETING".equals(category);
    }

    boolean isUtility() {
        return "UTILITY".equals(category);
    }

    boolean isApproved() {
        return "approved".equals(approvalStatus);
    }
}
