package com.agentmitra.reports;

/** One column of a report file: its header in English and Hindi, and how its cells are written. */
record Column(String english, String hindi, Kind kind) {

    /**
     * TEXT: a string (a CSV cell that a spreadsheet would read as a formula is prefixed with {@code '});
     * CODE: a string of a fixed form (a phone number, a code) written as it is; MONEY: rupees, exact, with Indian
     * digit grouping in xlsx; NUMBER: a count or a decimal; DATE: a business date; TIME: an instant shown in IST.
     */
    enum Kind { TEXT, CODE, MONEY, NUMBER, DATE, TIME }

    static Column text(String english, String hindi) {
        return new Column(english, hindi, Kind.TEXT);
    }

    static Column code(String english, String hindi) {
        return new Column(english, hindi, Kind.CODE);
    }

    static Column money(String english, String hindi) {
        return new Column(english, hindi, Kind.MONEY);
    }

    static Column number(String english, String hindi) {
        return new Column(english, hindi, Kind.NUMBER);
    }

    static Column date(String english, String hindi) {
        return new Column(english, hindi, Kind.DATE);
    }

    static Column time(String english, String hindi) {
        return new Column(english, hindi, Kind.TIME);
    }

    String header(String language) {
        return "hi".equals(language) ? hindi : english;
    }
}
