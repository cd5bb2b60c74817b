package com.agentmitra.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only a real YouTube video address yields an id; everything else is refused. */
class YoutubeVideoTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?t=42", "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "http://youtube.com/watch?v=dQw4w9WgXcQ", "  https://www.youtube.com/watch?v=dQw4w9WgXcQ  "})
    void theIdIsKept(String url) {
        assertThat(YoutubeVideo.parse(url)).map(YoutubeVideo::id).contains("dQw4w9WgXcQ");
        assertThat(YoutubeVideo.parse(url).orElseThrow().embedUrl())
                .isEqualTo("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dQw4w9WgXcQ", "https://evil.example/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQx", "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
            "javascript:alert(1)", "ftp://youtu.be/dQw4w9WgXcQ", "https://user@youtu.be/dQw4w9WgXcQ",
            "https://youtu.be:8443/dQw4w9WgXcQ", "https://www.youtube.com/channel/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa", "https://youtu.be/dQw4w9WgXcQ/extra",
            "https://www.youtube.com/playlist?list=dQw4w9WgXcQ"})
    void anythingElseIsRefused(String url) {
        assertThat(YoutubeVideo.parse(url)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aVeryLongAddressIsRefusedBeforeParsing() {
        assertThat(YoutubeVideo.parse("https://youtu.be/dQw4w9WgXcQ?" + "a".repeat(400))).isEmpty();
    }
}
