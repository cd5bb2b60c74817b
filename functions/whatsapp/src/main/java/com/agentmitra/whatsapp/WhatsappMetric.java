package com.agentmitra.whatsapp;

/** The WhatsApp functions' business metrics (embedded metric format). */
enum WhatsappMetric {
    MessagesAccepted,
    MessagesAlreadyHandled,
    MessagesRefused,
    MessagesFailed,
    MessagesRetried,
    MessagesPaced,
    MessagesOutcomeUnknown,
    MessagesUnsettled,
    MessagesMalformed,
    StatusesApplied,
    StatusesIgnored,
    InboundStored,
    OptOuts,
    OptIns,
    CallbacksRequested,
    WebhooksRejected,
    NotificationsQueued,
    NotificationsNotQueued,
    NotificationsProcessedInline,
    NotificationsSplit,
    NotificationsMalformed,
    NotificationsRetried,
    NotificationDelay,
    NotificationErrors,
    PreferenceOptOuts,
    ConsentQuestionsAsked,
    UtilityConsentsGiven,
    UtilityConsentsWithdrawn
}
