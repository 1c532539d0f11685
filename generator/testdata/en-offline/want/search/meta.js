gongkaiSearch("m",0,{"v":1,"n":1,"s":1,"y":[[2024,1]],"c":["Plans"],"i":["Test Union"],"g":[""],"k":[[0,0,0]],"b":1,"f":"A"});
