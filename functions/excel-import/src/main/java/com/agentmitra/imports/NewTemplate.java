package com.agentmitra.imports;

import com.agentmitra.imports.mapping.BookField;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /imports/templates}: a name and the mapping from the headers an agent's files use to the
 * fields of the book ({@code {"Mob": "policyholder.phone_number"}}). Every target must be a known field.
 */
record NewTemplate(String name, String description, Map<String, String> columnMapping) {

    NewTemplate {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (columnMapping == null || columnMapping.isEmpty()) {
            errors.add(new FieldError("columnMapping", "must map at least one header to a field"));
        } else {
            columnMapping.forEach((header, target) -> {
                if (header == null || header.isBlank() || target == null || BookField.byKey(target).isEmpty()) {
                    errors.add(new FieldError("columnMapping." + header, "must be one of " + String.join(", ",
                            Arrays.stream(BookField.values()).map(BookField::key).toList())));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem.InvalidInput(errors);
        }
        name = name.strip();
        columnMapping = Map.copyOf(columnMapping);
    }
}
