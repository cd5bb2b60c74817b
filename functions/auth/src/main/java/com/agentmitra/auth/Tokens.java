package com.agentmitra.auth;

/** What a sign-in answers (DESIGN: {@code accessToken, refreshToken, expiresIn, tokenType}). Never printed. */
record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType) {

    static Tokens bearer(String accessToken, String refreshToken, long expiresIn) {
        return new Tokens(accessToken, refreshToken, expiresIn, "Bearer");
    }

    @Override
    public String toString() {
        return "Tokens[***]";
    }
}
