// Java's own verdict on model patterns: for each pattern, Matcher.find() on each probe.
// stdin: lines "S <hex UTF-8 probe>" (all probes first), then "P <hex UTF-8 pattern>".
// stdout: one line per pattern: "E" if Java rejects it, else one 0/1 per probe.
// Run as a single-file source program: `java JavaFind.java`.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public class JavaFind {
    static String unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> probes = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String value = unhex(line.substring(2));
            if (line.charAt(0) == 'S') {
                probes.add(value);
                continue;
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                out.append("E\n");
                continue;
            }
            for (String probe : probes) {
                out.append(pattern.matcher(probe).find() ? '1' : '0');
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
