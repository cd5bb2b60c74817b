package com.agentmitra.imports.rows;

import com.agentmitra.domain.book.Aadhaar;
import com.agentmitra.domain.book.FieldProblem;
import com.agentmitra.domain.book.Parsed;
import com.agentmitra.domain.book.PolicyDetails;
import com.agentmitra.domain.book.PolicyFields;
import com.agentmitra.domain.book.PolicyRules;
import com.agentmitra.domain.book.PolicyholderDetails;
import com.agentmitra.domain.book.PolicyholderFields;
import com.agentmitra.domain.book.PolicyholderRules;
import com.agentmitra.domain.book.Validated;
import com.agentmitra.imports.mapping.BookField;
import com.agentmitra.imports.mapping.ColumnMapping;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.read.SheetRow;
import com.agentmitra.imports.values.CellAmount;
import com.agentmitra.imports.values.CellConsent;
import com.agentmitra.imports.values.CellDate;
import com.agentmitra.imports.values.CellText;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a data row into the book's fields and validates it with the policies module's own rules
 * ({@link PolicyholderRules}, {@link PolicyRules}): this class only reads cells (dates, amounts, names) and names
 * each problem by the column it came from.
 */
public final class RowParser {

    /** Stands in for the policyholder id while a policy is validated before its holder is written. */
    public static final UUID UNRESOLVED_HOLDER = new UUID(0, 0);

    /** An import without a policy type column records this type (the file is an insurer's life book). */
    static final String DEFAULT_POLICY_TYPE = "life";

    private final ColumnMapping mapping;
    private final UUID agentId;
    private final LocalDate today;
    private final int aadhaarColumn;

    public RowParser(ColumnMapping mapping, UUID agentId, LocalDate today) {
        this.mapping = mapping;
        this.agentId = agentId;
        this.today = today;
        this.aadhaarColumn = mapping.column(BookField.AADHAAR).orElse(-1);
    }

    /** The header of the policy number column, to name it in a row's problem. */
    public String policyNumberHeader() {
        return mapping.headerOf(BookField.POLICY_NUMBER);
    }

    public String phoneHeader() {
        return mapping.headerOf(BookField.PHONE);
    }

    public ParsedRow parse(SheetRow row) {
        if (mappedBlank(row)) {
            return new ParsedRow.Blank(row.number());
        }
        List<Cell> cells = masked(row.cells());
        List<RowProblem> problems = new ArrayList<>();

        CellText.PersonName name = mapping.has(BookField.NAME)
                ? CellText.PersonName.split(text(row, BookField.NAME))
                : new CellText.PersonName(null, text(row, BookField.FIRST_NAME), null);
        String lastName = mapping.has(BookField.LAST_NAME) ? text(row, BookField.LAST_NAME) : name.lastName();
        LocalDate birth = date(row, BookField.DATE_OF_BIRTH, CellDate.Century.PAST, false, problems);
        Map<String, Object> address = address(row);
        String aadhaarText = text(row, BookField.AADHAAR);
        Optional<Aadhaar> last4 = lastFour(row, aadhaarText, problems);
        var personFields = new PolicyholderFields(agentId, text(row, BookField.CUSTOMER_ID), name.salutation(),
                name.firstName(), lastName, CellText.phone(cell(row, BookField.PHONE)), text(row, BookField.EMAIL),
                birth, CellText.gender(cell(row, BookField.GENDER)), upper(text(row, BookField.PAN)),
                last4.isPresent() ? null : aadhaarText, address, CellText.language(cell(row, BookField.LANGUAGE)));
        Validated<PolicyholderDetails> person = PolicyholderRules.validate(personFields, today);

        BigDecimal sumAssured = amount(row, BookField.SUM_ASSURED, problems);
        BigDecimal premium = amount(row, BookField.PREMIUM, problems);
        LocalDate start = date(row, BookField.START_DATE, CellDate.Century.PAST, true, problems);
        LocalDate maturity = date(row, BookField.MATURITY_DATE, CellDate.Century.FUTURE, false, problems);
        LocalDate nextDue = date(row, BookField.NEXT_DUE_DATE, CellDate.Century.FUTURE, false, problems);
        String policyType = Optional.ofNullable(text(row, BookField.POLICY_TYPE)).orElse(DEFAULT_POLICY_TYPE);
        var policyFields = new PolicyFields(text(row, BookField.POLICY_NUMBER), UNRESOLVED_HOLDER, agentId, policyType,
                text(row, BookField.PLAN_NAME), text(row, BookField.PLAN_CODE), null, sumAssured, premium,
                text(row, BookField.FREQUENCY), null, start, maturity, nextDue, status(text(row, BookField.STATUS)));
        Validated<PolicyDetails> policy = PolicyRules.validate(policyFields, today);
        StatedConsent consent = new StatedConsent(consent(row, BookField.UTILITY_CONSENT, problems),
                consent(row, BookField.MARKETING_CONSENT, problems));

        collect(person, problems);
        collect(policy, problems);
        if (!problems.isEmpty()) {
            return new ParsedRow.Rejected(row.number(), cells, dedupe(problems));
        }
        PolicyholderDetails details = ((Validated.Ok<PolicyholderDetails>) person).value();
        if (last4.isPresent()) {
            details = details.withAadhaar(last4);
        }
        return new ParsedRow.Accepted(row.number(), cells, details, ((Validated.Ok<PolicyDetails>) policy).value(),
                consent, fingerprint(cells));
    }

    private boolean mappedBlank(SheetRow row) {
        for (int column : mapping.columns().values()) {
            if (!row.cell(column).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The row as uploaded, with an Aadhaar number reduced to its masked form: it never reaches a record or report. */
    private List<Cell> masked(List<Cell> cells) {
        if (aadhaarColumn < 0 || aadhaarColumn >= cells.size() || cells.get(aadhaarColumn).isBlank()) {
            return cells;
        }
        List<Cell> copy = new ArrayList<>(cells);
        String digits = cells.get(aadhaarColumn).text().replaceAll("[^0-9]", "");
        copy.set(aadhaarColumn, Cell.text(digits.length() >= 4
                ? "XXXX-XXXX-" + digits.substring(digits.length() - 4) : "XXXX"));
        return copy;
    }

    /** An Aadhaar column that holds only the last four digits (or the masked form), or an Aadhaar-last-4 column. */
    private Optional<Aadhaar> lastFour(SheetRow row, String aadhaarText, List<RowProblem> problems) {
        String text = text(row, BookField.AADHAAR_LAST4);
        BookField field = BookField.AADHAAR_LAST4;
        if (text == null && aadhaarText != null && aadhaarText.replaceAll("[\\s-]", "").matches("(?i)(x{8})?[0-9]{4}")) {
            text = aadhaarText;
            field = BookField.AADHAAR;
        }
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.replaceAll("(?i)[\\sx-]", "");
        if (!digits.matches("[0-9]{4}")) {
            problems.add(new RowProblem(mapping.headerOf(field), "must be the last 4 digits of the Aadhaar number"));
            return Optional.empty();
        }
        return Optional.of(new Aadhaar("XXXX-XXXX-" + digits, digits));
    }

    private Map<String, Object> address(SheetRow row) {
        Map<String, Object> address = new LinkedHashMap<>();
        put(address, "line1", text(row, BookField.ADDRESS));
        put(address, "city", text(row, BookField.CITY));
        put(address, "state", text(row, BookField.STATE));
        put(address, "pincode", text(row, BookField.PINCODE));
        return address.isEmpty() ? null : address;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private BigDecimal amount(SheetRow row, BookField field, List<RowProblem> problems) {
        Cell cell = cell(row, field);
        if (cell.isBlank()) {
            return null; // the Money rule says "is required"
        }
        return take(field, CellAmount.parse(cell), problems);
    }

    /** A consent column's answer; a blank cell (or no such column) states nothing. */
    private StatedConsent.Answer consent(SheetRow row, BookField field, List<RowProblem> problems) {
        StatedConsent.Answer answer = take(field, CellConsent.parse(cell(row, field)), problems);
        return answer == null ? StatedConsent.Answer.NOT_STATED : answer;
    }

    private LocalDate date(SheetRow row, BookField field, CellDate.Century century, boolean required,
            List<RowProblem> problems) {
        Cell cell = cell(row, field);
        if (cell.isBlank()) {
            return null; // the policy rule names a missing start date
        }
        return take(field, CellDate.parse(cell, century, today), problems);
    }

    private <T> T take(BookField field, Parsed<T> parsed, List<RowProblem> problems) {
        return switch (parsed) {
            case Parsed.Valid<T> valid -> valid.value();
            case Parsed.Invalid<T> invalid -> {
                problems.add(new RowProblem(mapping.headerOf(field), invalid.message()));
                yield null;
            }
        };
    }

    private void collect(Validated<?> validated, List<RowProblem> problems) {
        if (validated instanceof Validated.Rejected<?> rejected) {
            for (FieldProblem problem : rejected.problems()) {
                problems.add(new RowProblem(column(problem.field()), problem.message()));
            }
        }
    }

    /** A rule's field name → the column header the agent wrote. */
    private String column(String ruleField) {
        BookField field = switch (ruleField) {
            case "firstName" -> mapping.has(BookField.NAME) ? BookField.NAME : BookField.FIRST_NAME;
            case "lastName" -> mapping.has(BookField.LAST_NAME) ? BookField.LAST_NAME : BookField.NAME;
            case "salutation" -> BookField.NAME;
            case "customerId" -> BookField.CUSTOMER_ID;
            case "phone" -> BookField.PHONE;
            case "email" -> BookField.EMAIL;
            case "pan" -> BookField.PAN;
            case "aadhaar" -> BookField.AADHAAR;
            case "dateOfBirth" -> BookField.DATE_OF_BIRTH;
            case "gender" -> BookField.GENDER;
            case "preferredLanguage" -> BookField.LANGUAGE;
            case "policyNumber" -> BookField.POLICY_NUMBER;
            case "policyType" -> BookField.POLICY_TYPE;
            case "planName" -> BookField.PLAN_NAME;
            case "planCode" -> BookField.PLAN_CODE;
            case "sumAssured" -> BookField.SUM_ASSURED;
            case "premiumAmount" -> BookField.PREMIUM;
            case "premiumFrequency" -> BookField.FREQUENCY;
            case "status" -> BookField.STATUS;
            case "startDate", "applicationDate" -> BookField.START_DATE;
            case "maturityDate" -> BookField.MATURITY_DATE;
            case "nextPaymentDate" -> BookField.NEXT_DUE_DATE;
            default -> null;
        };
        return field == null ? ruleField : mapping.headerOf(field);
    }

    /** One problem per column and message: a missing date is named once, not by two rules. */
    private static List<RowProblem> dedupe(List<RowProblem> problems) {
        return problems.stream().distinct().toList();
    }

    private Cell cell(SheetRow row, BookField field) {
        Integer column = mapping.columns().get(field);
        return column == null ? Cell.EMPTY : row.cell(column);
    }

    private String text(SheetRow row, BookField field) {
        return CellText.of(cell(row, field));
    }

    private static String upper(String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    /** An import brings in-force business unless the file says otherwise; LIC writes "In Force". */
    private static String status(String text) {
        if (text == null) {
            return "active";
        }
        String key = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return switch (key) {
            case "inforce", "live", "running" -> "active";
            default -> text;
        };
    }

    /** FNV-1a over the row's cell texts: equal rows, equal fingerprints. */
    static long fingerprint(List<Cell> cells) {
        long hash = 0xcbf29ce484222325L;
        for (Cell cell : cells) {
            String text = cell.text().strip();
            for (int i = 0; i < text.length(); i++) {
                hash ^= text.charAt(i);
                hash *= 0x100000001b3L;
            }
            hash ^= 0x1f;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
