package com.agentmitra.policies.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The JSON body of {@code POST /policies/{id}/payments}: a premium paid through the insurer, with its receipt. */
public record PaymentBody(String receiptNumber, BigDecimal amount, LocalDate paidOn, String paymentMethod) {}
