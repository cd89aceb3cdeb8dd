from lightning_ai_mcp.cli import main

raise SystemExit(main())
