package com.agentmitra.policies;

import com.agentmitra.domain.book.FieldProblem;
import com.agentmitra.domain.book.Validated;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.FieldError;
import java.util.List;

/** Turns the book's validation outcomes into API answers. */
public final class Problems {

    private Problems() {}

    /** The validated value, or a 400 naming every field problem. */
    public static <T> T orInvalid(Validated<T> validated) {
        return switch (validated) {
            case Validated.Ok<T> ok -> ok.value();
            case Validated.Rejected<T> rejected -> throw invalid(rejected.problems());
        };
    }

    public static ApiProblem.InvalidInput invalid(List<FieldProblem> problems) {
        return new ApiProblem.InvalidInput(problems.stream()
                .map(problem -> new FieldError(problem.field(), problem.message())).toList());
    }
}
