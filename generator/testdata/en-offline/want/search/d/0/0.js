gongkaiSearch("d",0,["archive/2024/plan/index.html","Work plan 2024","00001434-9/2024-00001","","Test Union","2024-01-10","Plans","","The plan for 2024."]);
