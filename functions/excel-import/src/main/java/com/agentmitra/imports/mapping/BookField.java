package com.agentmitra.imports.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a spreadsheet column can mean. {@code key} is the target name saved templates use (tenant V017's
 * {@code customer_policy_import_v1}); {@code label} is how we name the column to a person; synonyms are what agents
 * and LIC exports write in the header, English and Hindi, matched after {@link HeaderText#normalise}.
 */
public enum BookField {
    NAME("policyholder.name", "Customer Name", true, "customername", "name", "policyholdername", "holdername",
            "nameofpolicyholder", "clientname", "customer", "fullname", "insuredname", "nameoflifeassured",
            "lifeassured", "nameofassured", "policyholder", "nameofcustomer", "नाम", "ग्राहककानाम", "पॉलिसीधारककानाम", "पॉलिसीधारक"),
    FIRST_NAME("policyholder.first_name", "First Name", false, "firstname", "givenname", "पहलानाम"),
    LAST_NAME("policyholder.last_name", "Last Name", false, "lastname", "surname", "familyname", "उपनाम"),
    PHONE("policyholder.phone_number", "Mobile Number", true, "mobilenumber", "mobileno", "mobile", "mob", "mobno",
            "phone", "phoneno", "phonenumber", "contactno", "contactnumber", "contact", "cellno", "cell",
            "whatsapp", "whatsappno", "whatsappnumber", "मोबाइल", "मोबाइलनंबर", "मोबाईल", "फोन", "फ़ोन", "फोननंबर"),
    EMAIL("policyholder.email", "Email", false, "email", "emailid", "emailaddress", "mail", "ईमेल"),
    DATE_OF_BIRTH("policyholder.date_of_birth", "Date of Birth", false, "dateofbirth", "dob", "birthdate", "birthday",
            "जन्मतिथि", "जन्मदिनांक"),
    GENDER("policyholder.gender", "Gender", false, "gender", "sex", "लिंग"),
    PAN("policyholder.pan_number", "PAN", false, "pan", "panno", "pannumber", "pancard", "पैन", "पैननंबर"),
    AADHAAR("policyholder.aadhaar", "Aadhaar", false, "aadhaar", "aadhar", "aadhaarno", "aadharno", "aadhaarnumber",
            "aadharnumber", "uid", "आधार", "आधारनंबर"),
    AADHAAR_LAST4("policyholder.aadhaar_last4", "Aadhaar Last 4", false, "aadhaarlast4", "aadharlast4",
            "aadhaarlast4digits"),
    CUSTOMER_ID("policyholder.customer_id", "Customer ID", false, "customerid", "custid", "clientid", "customerno",
            "customercode", "clientcode", "ग्राहकआईडी"),
    ADDRESS("policyholder.address.line1", "Address", false, "address", "addressline1", "address1", "पता"),
    CITY("policyholder.address.city", "City", false, "city", "town", "शहर"),
    STATE("policyholder.address.state", "State", false, "state", "राज्य"),
    PINCODE("policyholder.address.pincode", "Pincode", false, "pincode", "pin", "postalcode", "zip", "zipcode",
            "पिनकोड"),
    LANGUAGE("policyholder.preferred_language", "Preferred Language", false, "preferredlanguage", "language", "lang",
            "भाषा"),
    POLICY_NUMBER("policy.policy_number", "Policy Number", true, "policynumber", "policyno", "policy", "polno",
            "policynum", "पॉलिसीनंबर", "पॉलिसीसंख्या", "पालिसीनंबर", "पॉलिसी"),
    PLAN_NAME("policy.plan_name", "Plan Name", true, "planname", "plan", "product", "productname", "scheme",
            "योजना", "प्लान", "प्लाननाम"),
    PLAN_CODE("policy.plan_code", "Plan Code", false, "plancode", "planno", "tableno", "table", "plantable"),
    POLICY_TYPE("policy.policy_type", "Policy Type", false, "policytype", "type", "plantype", "producttype"),
    SUM_ASSURED("policy.sum_assured", "Sum Assured", true, "sumassured", "sa", "suminsured", "cover", "sumassuredamount",
            "coveramount", "बीमाराशि", "बीमाधन"),
    PREMIUM("policy.premium_amount", "Premium Amount", true, "premiumamount", "premium", "premiumamt", "instpremium", "amount",
            "installmentpremium", "instalmentpremium", "प्रीमियम", "प्रीमियमराशि"),
    FREQUENCY("policy.premium_frequency", "Premium Frequency", true, "premiumfrequency", "frequency", "mode",
            "premiummode", "paymentmode", "modeofpayment", "freq", "भुगतानअवधि", "मोड"),
    START_DATE("policy.start_date", "Commencement Date", true, "commencementdate", "startdate", "doc",
            "dateofcommencement", "riskdate", "policydate", "issuedate", "dateofissue", "प्रारंभतिथि",
            "शुरूहोनेकीतिथि"),
    MATURITY_DATE("policy.maturity_date", "Maturity Date", false, "maturitydate", "dom", "dateofmaturity",
            "maturity", "परिपक्वतातिथि"),
    NEXT_DUE_DATE("policy.next_payment_date", "Next Due Date", false, "nextduedate", "duedate", "nextdue", "fup",
            "firstunpaidpremium", "fupdate", "firstunpaidpremiumdate", "nextpremiumdate", "premiumduedate", "nextpremiumduedate", "देयतिथि"),
    STATUS("policy.status", "Policy Status", false, "policystatus", "status", "स्थिति"),
    /** The customer's WhatsApp consent to service messages (reminders, notices): purpose whatsapp_utility. */
    UTILITY_CONSENT("policyholder.whatsapp_utility_consent", "WhatsApp Consent", false, "whatsappconsent",
            "consent", "whatsappoptin", "optin", "whatsapppermission", "whatsappagreed", "utilityconsent",
            "सहमति", "व्हाट्सएपसहमति", "वॉट्सऐपसहमति", "whatsappसहमति", "व्हाट्सएपअनुमति"),
    /** The customer's WhatsApp consent to offers and greetings: purpose whatsapp_marketing. */
    MARKETING_CONSENT("policyholder.whatsapp_marketing_consent", "Marketing Consent", false, "marketingconsent",
            "whatsappmarketingconsent", "marketingoptin", "offers", "offersconsent", "promotionalconsent",
            "promotions", "विपणनसहमति", "ऑफरसहमति", "ऑफर");

    private final String key;
    private final String label;
    private final boolean required;
    private final List<String> synonyms;

    BookField(String key, String label, boolean required, String... synonyms) {
        this.key = key;
        this.label = label;
        this.required = required;
        this.synonyms = Arrays.stream(synonyms).map(HeaderText::normalise).toList();
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Required in every import; {@link #NAME} is also satisfied by {@link #FIRST_NAME}. */
    public boolean required() {
        return required;
    }

    List<String> synonyms() {
        return synonyms;
    }

    public boolean isDate() {
        return this == DATE_OF_BIRTH || this == START_DATE || this == MATURITY_DATE || this == NEXT_DUE_DATE;
    }

    /** A target name as saved templates write it; {@code policyholder.aadhaar_last4} and friends included. */
    public static Optional<BookField> byKey(String key) {
        return Arrays.stream(values()).filter(field -> field.key.equalsIgnoreCase(key.strip())).findFirst();
    }
}
