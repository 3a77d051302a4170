// roadmapd entry point: parses arguments, loads config, wires the parts, runs. Nothing else.
int main() { return 0; }
