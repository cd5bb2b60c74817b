package com.agentmitra.imports.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.domain.book.Parsed;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.rows.StatedConsent.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellConsentTest {

    @ParameterizedTest
    @ValueSource(strings = {"yes", "YES", " Yes ", "y", "Y", "true", "TRUE", "1", "agreed", "Agreed.", "हाँ", "हां",
            "haan", "Haan"})
    void yesInEnglishHindiAndHinglishGrantsConsent(String text) {
        assertThat(CellConsent.parse(Cell.text(text))).isEqualTo(Parsed.valid(Answer.YES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "NO", " n ", "N", "false", "FALSE", "0", "नहीं", "nahi", "Nahi"})
    void noInEnglishHindiAndHinglishWithdrawsIt(String text) {
        assertThat(CellConsent.parse(Cell.text(text))).isEqualTo(Parsed.valid(Answer.NO));
    }

    @Test
    void numbersTypedAsNumbersAreRead() {
        assertThat(CellConsent.parse(Cell.number(1.0))).isEqualTo(Parsed.valid(Answer.YES));
        assertThat(CellConsent.parse(Cell.number(0.0))).isEqualTo(Parsed.valid(Answer.NO));
    }

    @Test
    void aBlankCellStatesNothing() {
        assertThat(CellConsent.parse(Cell.EMPTY)).isEqualTo(Parsed.valid(Answer.NOT_STATED));
        assertThat(CellConsent.parse(Cell.text("   "))).isEqualTo(Parsed.valid(Answer.NOT_STATED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "yes please", "2", "-", ".", "ask later", "yes/no", "noo"})
    void anythingElseIsRefusedNotGuessed(String text) {
        assertThat(CellConsent.parse(Cell.text(text))).isEqualTo(Parsed.invalid(CellConsent.MESSAGE));
    }
}
