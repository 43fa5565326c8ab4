namespace Research.Experiments; public static class Program { public static int Main() => 0; }
