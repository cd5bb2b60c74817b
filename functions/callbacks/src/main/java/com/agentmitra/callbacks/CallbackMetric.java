package com.agentmitra.callbacks;

/** Business metrics of the callbacks functions (EMF, dimensioned by tenant). */
enum CallbackMetric {
    CallbackCreated,
    CallbackAutoAssigned,
    CallbackLeftUnassigned,
    CallbackCompleted,
    CallbacksRescored,
    CallbacksMarkedOverdue,
    CallbacksEscalated,
    CallbacksReassigned,
    CallbacksAssignedBySweeper
}
